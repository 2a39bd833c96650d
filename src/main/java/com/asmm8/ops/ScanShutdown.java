package com.asmm8.ops;

import com.asmm8.scan.ActiveScans;
import java.time.Duration;
import org.apache.camel.support.service.ServiceSupport;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM: running scans get the grace period, then are interrupted (tools killed, recorded,
 * staging removed), while Camel's own shutdown stops the poll and waits for them. SIGINT and
 * SIGHUP (a terminal's Ctrl-C, a closed terminal) also ask the tools to stop at once. The JVM hook
 * is installed when Camel starts.
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
        // note the signal the moment it comes (before the shutdown hooks run), so a tool it ends is
        // not taken for one that finished. Tools run in process groups of their own, so a terminal's
        // Ctrl-C (INT) or hang-up (HUP) no longer reaches them: they are asked to stop here.
        // TERM is not passed on: the scans get their grace period, then their tools are killed.
        for (String name : new String[]{"TERM", "INT", "HUP"}) {
            try {
                Signal signal = new Signal(name);
                SignalHandler[] previous = new SignalHandler[1];
                previous[0] = Signal.handle(signal, s -> {
                    if (name.equals("TERM")) {
                        active.stopping();
                    } else {
                        active.terminalSignal();
                    }
                    if (previous[0] != null && previous[0] != SignalHandler.SIG_DFL && previous[0] != SignalHandler.SIG_IGN) {
                        previous[0].handle(s);
                    }
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // a signal this JVM does not let us handle: the shutdown hook still marks the stop
            }
        }
    }
}
