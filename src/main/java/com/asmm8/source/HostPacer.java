package com.asmm8.source;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Politeness: at most one request to a host per interval, across every scan of this process
 * (sources are shared public services; a burst of scans must not hammer them).
 */
public class HostPacer {

    private final long intervalNanos;
    private final Map<String, Long> next = new HashMap<>();

    public HostPacer(long intervalMs) {
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
    }

    /** Waits for the host's next free slot and takes it. */
    public void await(String host) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, next.getOrDefault(host, now));
            next.put(host, slot + intervalNanos);
            wait = slot - now;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
