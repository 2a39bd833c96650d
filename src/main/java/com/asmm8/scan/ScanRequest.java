package com.asmm8.scan;

/** A request to scan one root domain (canonical name) with one scan type. */
public record ScanRequest(String domain, ScanType type) {
}
