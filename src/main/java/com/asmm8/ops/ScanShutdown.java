package com.asmm8.ops;

import com.asmm8.scan.ActiveScans;
import java.time.Duration;
import org.apache.camel.support.service.ServiceSupport;

/**
 * SIGTERM: running scans get the grace period, then are interrupted (tools killed, recorded,
 * staging removed), while Camel's own shutdown stops the poll and waits for them. The JVM hook is
 * installed when Camel starts.
 */
public class ScanShutdown extends ServiceSupport {

    private final ActiveScans active;
    private final Duration grace;

    public ScanShutdown(ActiveScans active, Duration grace) {
        this.active = active;
        this.grace = grace;
    }

    @Override
    protected void doStart() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> active.shutdown(grace, Duration.ofSeconds(30)), "asmm8-shutdown"));
    }
}
