package com.asmm8.source;

/** The scan was stopped (cancelled, lease lost, daemon shut down) before the source was asked: no request is sent. */
public class SourceStoppedException extends RuntimeException {

    public SourceStoppedException(String message) {
        super(message);
    }
}
