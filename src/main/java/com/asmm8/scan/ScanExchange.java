package com.asmm8.scan;

import org.apache.camel.Exchange;
import org.slf4j.MDC;

/**
 * The exchange properties a scan travels with, named once. The routes set {@link #PHASE},
 * {@link #INPUT} and {@link #SINK}; the beans read them.
 */
public final class ScanExchange {

    /** The {@link ScanRun} of the exchange. */
    public static final String SCAN = "scan";
    /** The scan id as text: the ingest aggregator correlates batches on it. */
    public static final String SCAN_ID = "scanId";
    /** The phase a route runs ({@code passive}, {@code bruteforce}, ...): set by the phase's route. */
    public static final String PHASE = "phase";
    /** What a phase's tools read ({@code stored-names}, {@code permutations}, or none): set by the phase's route. */
    public static final String INPUT = "input";
    /** Where a phase's batches go ({@code inventory}, {@code live-flags}, {@code permutations}): set by the phase's route. */
    public static final String SINK = "sink";
    /** The name of the tool whose output an exchange carries (set when the tool is prepared), so a batch is credited to the tool that printed it. */
    public static final String TOOL = "tool";
    /** True while the tool whose names a batch holds is the built-in DNS engine (it filters wildcards itself). */
    public static final String TOOL_IS_ENGINE = "toolIsEngine";
    /** The staged file a phase's tools read ({input}), set by the input step. */
    public static final String INPUT_FILE = "inputFile";
    /** When the phase / the tool started (System.nanoTime), for durations. */
    public static final String PHASE_START = "phaseStart";
    public static final String TOOL_START = "toolStart";
    /** The MDC key that carries the scan id on every log line of a scan. */
    public static final String MDC_SCAN_ID = "scanId";

    /** The sink value of a phase whose names are candidates to resolve, not findings. */
    public static final String SINK_PERMUTATIONS = "permutations";

    private ScanExchange() {
    }

    /** The scan of the exchange; fails when there is none. */
    public static ScanRun run(Exchange exchange) {
        ScanRun run = exchange.getProperty(SCAN, ScanRun.class);
        if (run == null) {
            throw new IllegalStateException("no scan on this exchange");
        }
        return run;
    }

    /** The scan of the exchange, with its id put in the logging MDC of this thread (for the steps that log). */
    public static ScanRun logged(Exchange exchange) {
        ScanRun run = run(exchange);
        MDC.put(MDC_SCAN_ID, run.getId().toString());
        return run;
    }
}
