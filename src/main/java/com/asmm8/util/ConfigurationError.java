package com.asmm8.util;

/**
 * A setting the daemon cannot start with (a broken URL, a missing or unreadable file, a bad tools
 * file, a port in use). Its message names the setting and says what is wrong; the launcher prints
 * it as one line and exits 2, without a stack trace (see {@code Asmm8.main}).
 */
public class ConfigurationError extends IllegalArgumentException {

    public ConfigurationError(String message) {
        super(message);
    }

    public ConfigurationError(String message, Throwable cause) {
        super(message, cause);
    }
}
