package com.asmm8.api;

/** An API error: the HTTP status and the message of the JSON body {"status":"error","msg":...}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient Object data;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public ApiException(int status, String message, Object data) {
        super(message);
        this.status = status;
        this.data = data;
    }

    public int status() {
        return status;
    }

    public Object data() {
        return data;
    }
}
