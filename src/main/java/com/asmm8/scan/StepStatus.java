package com.asmm8.scan;

/**
 * The outcome of a phase or of one tool run within it. PARTIAL is a phase where some tools failed
 * and others delivered (its scan ends warning, naming each failure); FAILED a phase where every
 * tool failed, or whose findings could not all be written.
 */
public enum StepStatus {
    RUNNING, OK, SKIPPED, PARTIAL, FAILED
}
