package com.asmm8.scan;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The status of a scan run, as stored in {@code asmm8_scan_run.status} and shown by the API. */
public enum ScanStatus {
    /** Published as a work item (with RabbitMQ), not yet taken by a daemon. */
    QUEUED, RUNNING,
    /** Every phase ran and succeeded. */
    COMPLETED,
    /** Every phase that ran succeeded, but one was skipped (no tool installed, nothing to do). */
    WARNING, FAILED,
    /** Stopped by the daemon's shutdown, or left running by a process that died. */
    INTERRUPTED, CANCELLED;

    /** The stored form: the name in lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the outcomes a user must look at (the one-shot {@code scan} exits 1 on them). */
    public boolean isUnsuccessful() {
        return this == FAILED || this == CANCELLED || this == INTERRUPTED;
    }

    /** True until the scan has ended: queued or running. */
    public boolean isOpen() {
        return this == QUEUED || this == RUNNING;
    }

    public static ScanStatus of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }

    /** Every stored form, for validation messages. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(ScanStatus::id).toList();
    }

    public static boolean isId(String s) {
        return s != null && ids().contains(s);
    }
}
