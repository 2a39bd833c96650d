package com.asmm8.amqp;

import com.asmm8.scan.ScanType;
import java.util.Locale;
import java.util.Optional;

/**
 * Incoming routing keys name an action of the service: {@code cptm8.asmm8.<method>.<path...>}
 * is {@code <METHOD> /<path>} of the HTTP API. The scan triggers are the actions a message may
 * ask for: {@code get.scan} (complete), {@code get.scan.passive}, {@code get.scan.active},
 * {@code get.scan.check}.
 */
public final class RequestKeys {

    static final String PREFIX = "cptm8.asmm8.";

    private RequestKeys() {
    }

    /** The scan type a routing key asks for, or empty when it names no scan trigger. */
    public static Optional<ScanType> scanType(String routingKey) {
        if (routingKey == null || !routingKey.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String action = routingKey.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        return switch (action) {
            case "get.scan" -> Optional.of(ScanType.COMPLETE);
            case "get.scan.passive" -> Optional.of(ScanType.PASSIVE);
            case "get.scan.active" -> Optional.of(ScanType.ACTIVE);
            case "get.scan.check" -> Optional.of(ScanType.CHECK);
            default -> Optional.empty();
        };
    }
}
