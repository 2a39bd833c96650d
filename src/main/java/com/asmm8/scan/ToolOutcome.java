package com.asmm8.scan;

import java.util.List;

/**
 * How a tool run ended, as the {@code outcome} label of {@code asmm8_tool_runs_total} says it: one
 * small set, used the same way by binaries, passive sources and the DNS engine.
 */
public final class ToolOutcome {

    /** The run delivered (exit status 0, a source answered, the engine finished). */
    public static final String OK = "ok";
    /** It ran and failed (a non-zero exit, a signal, a source that kept refusing, an engine error). */
    public static final String FAILED = "failed";
    /** It ran longer than its timeout and was killed. */
    public static final String TIMEOUT = "timeout";
    /** Its binary could not be started (missing, not executable). */
    public static final String NOT_STARTED = "not_started";
    /** The scan was cancelled or the daemon shut down while it ran. */
    public static final String INTERRUPTED = "interrupted";
    /** The DNS engine had no resolver that answers honestly. */
    public static final String NO_RESOLVER = "no_resolver";

    /** Every outcome: each tool's series exist from start at 0 (an alert sees the first failure). */
    public static final List<String> ALL = List.of(OK, FAILED, TIMEOUT, NOT_STARTED, INTERRUPTED, NO_RESOLVER);

    private ToolOutcome() {
    }
}
