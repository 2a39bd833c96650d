package com.asmm8.scan;

import java.util.UUID;

/**
 * A request to scan one root domain (canonical name) with one scan type; {@code queuedId} is the
 * id of the scan recorded {@code queued} when its work item was published (null otherwise).
 */
public record ScanRequest(String domain, ScanType type, UUID queuedId) {

    public ScanRequest(String domain, ScanType type) {
        this(domain, type, null);
    }
}
