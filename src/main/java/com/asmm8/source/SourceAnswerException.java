package com.asmm8.source;

import java.io.IOException;

/** A source answered, but not with its data (HTML page, cut or malformed body, error message). */
public class SourceAnswerException extends IOException {

    public SourceAnswerException(String message) {
        super(message);
    }

    public SourceAnswerException(String message, Throwable cause) {
        super(message, cause);
    }
}
