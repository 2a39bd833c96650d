package com.asmm8;

import com.asmm8.util.ConfigurationError;
import java.lang.reflect.InvocationTargetException;
import java.net.BindException;
import java.util.Optional;
import org.apache.camel.RuntimeCamelException;

/**
 * What a failed start says to the person who started it: a configuration error (a setting the
 * daemon cannot start with) is one line naming the setting and exit code 2; anything else is
 * exit code 1 with the most telling message of the cause chain. No stack trace either way: the
 * log at DEBUG has it.
 */
final class StartFailure {

    static final int CONFIGURATION = 2;
    static final int FAILED = 1;

    private StartFailure() {
    }

    /** The configuration error in {@code e}'s causes, or a port in use said as one. */
    static Optional<String> configurationError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationError c) {
                return Optional.of(c.getMessage());
            }
            if (t instanceof BindException) {
                return Optional.of("camel.server.port (ASMM8_HTTP_PORT) or camel.management.port (ASMM8_METRICS_PORT): "
                        + "cannot listen (" + t.getMessage() + "): the address is in use or not this machine's");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    static int exitCode(Throwable e) {
        return configurationError(e).isPresent() ? CONFIGURATION : FAILED;
    }

    /** One line: the configuration error, else the first message below Camel's wrappers. */
    static String reason(Throwable e) {
        Optional<String> config = configurationError(e);
        if (config.isPresent()) {
            return config.get();
        }
        Throwable t = e;
        while (t.getCause() != null && (t instanceof InvocationTargetException
                || t.getClass() == RuntimeCamelException.class || t.getMessage() == null)) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.toString();
        return m.replace('\n', ' ');
    }
}
