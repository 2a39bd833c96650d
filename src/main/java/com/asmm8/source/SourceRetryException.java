package com.asmm8.source;

import java.io.IOException;

/**
 * A source answered with something worth asking again for (429, 5xx, an answer that broke off
 * while read): thrown to the route's {@code onException}, whose redelivery policy asks again.
 * An I/O error, like the refused connections and time-outs it is retried with.
 */
public class SourceRetryException extends IOException {

    public SourceRetryException(String message) {
        super(message);
    }

    public SourceRetryException(String message, Throwable cause) {
        super(message, cause);
    }
}
