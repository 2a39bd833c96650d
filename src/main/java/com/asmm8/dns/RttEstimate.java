package com.asmm8.dns;

/**
 * How long to wait for an answer before asking again, learnt from the answers (RFC 6298's
 * smoothed round-trip time and variation, as TCP does): {@code srtt + 4 * rttvar}, at least
 * {@link #FLOOR_MS} and at most the configured time-out, doubled for each further attempt. On a
 * fast resolver a lost packet then costs a few hundred milliseconds, not the full time-out; on a
 * slow one the wait grows with what it takes to answer.
 */
final class RttEstimate {

    /** The shortest wait: below it a loaded server's queueing would be taken for loss. */
    static final long FLOOR_MS = 250;
    private static final double ALPHA = 0.125;
    private static final double BETA = 0.25;

    private final long maxMs;
    private double srttMs = -1;
    private double rttvarMs;

    RttEstimate(long maxMs) {
        this.maxMs = maxMs;
    }

    /** Takes one answer's round trip into the estimate. */
    synchronized void sample(long nanos) {
        double r = nanos / 1e6;
        if (srttMs < 0) {
            srttMs = r;
            rttvarMs = r / 2;
        } else {
            rttvarMs = (1 - BETA) * rttvarMs + BETA * Math.abs(srttMs - r);
            srttMs = (1 - ALPHA) * srttMs + ALPHA * r;
        }
    }

    /** The wait for attempt {@code n} (1 for the first): the estimate doubled per retry, within the bounds. */
    synchronized long timeoutMs(int n) {
        long floor = Math.min(FLOOR_MS, maxMs);
        long base = srttMs < 0 ? Math.min(1000, maxMs) : Math.max(floor, (long) Math.ceil(srttMs + 4 * rttvarMs));
        return Math.min(maxMs, base << Math.min(n - 1, 10));
    }
}
