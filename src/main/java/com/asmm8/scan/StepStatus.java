package com.asmm8.scan;

/** The outcome of a phase or of one tool run within it. */
public enum StepStatus { RUNNING, OK, SKIPPED, FAILED }
