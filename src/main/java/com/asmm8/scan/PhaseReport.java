package com.asmm8.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One phase of a scan, as stored in the {@code phases} JSON of the scan-run record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class PhaseReport {
    public StepStatus status = StepStatus.RUNNING;
    public String message;
    public final Map<String, ToolReport> tools = new LinkedHashMap<>();
    public final AtomicInteger newHostnames = new AtomicInteger();
    public final AtomicInteger liveChanges = new AtomicInteger();
    /** Names this phase found that could not be written (the reason is in {@link #message}); absent when none. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public long lostNames;

    public boolean anyToolFailed() {
        return tools.values().stream().anyMatch(t -> t.status == StepStatus.FAILED);
    }

    /** The phase's status once its tools ran: failed when all failed, partial when some did, else ok. */
    public StepStatus fromTools() {
        long failed = tools.values().stream().filter(t -> t.status == StepStatus.FAILED).count();
        return failed == 0 ? StepStatus.OK : failed == tools.size() ? StepStatus.FAILED : StepStatus.PARTIAL;
    }
}
