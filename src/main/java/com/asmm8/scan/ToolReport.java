package com.asmm8.scan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One tool run of a phase, as stored in the {@code phases} JSON of the scan-run record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ToolReport {
    public StepStatus status = StepStatus.RUNNING;
    public Integer exit;
    public final AtomicLong lines = new AtomicLong();
    public final AtomicLong rejected = new AtomicLong();
    public final AtomicLong accepted = new AtomicLong();
    public Long durationMs;
    public String message;
    /** Built-in DNS engine: names to ask, names asked so far, names found (progress). */
    public Long total;
    public AtomicLong done;
    public AtomicLong found;
    /** Built-in DNS engine: the parents found to answer for random labels (wildcards). */
    public List<String> wildcards;
    /** Built-in DNS engine, brute force: how far it has come (the wordlist line every word up to was asked), to resume from. */
    public volatile ResumePoint checkpoint;
    /** Built-in DNS engine: its resolvers, usable and dropped (with why), and what each answered. */
    public volatile ResolverUse resolvers;
    /** Names this tool reported as resolving that only their parent's wildcard answers (not stored); null when not judged. */
    public AtomicLong wildcardDropped;
    /** Passive names only their parent's wildcard answers (stored with the wildcard marker, not live); null when not judged. */
    public AtomicLong wildcardFlagged;
    /** Names stored without a wildcard judgement (no usable resolver, or no answer); null when none. */
    public AtomicLong unjudged;
    /** How the run ended ({@link ToolOutcome}), as the tool-runs metric labels it. */
    @JsonIgnore
    public String exitLabel = ToolOutcome.FAILED;

    public void fail(String why) {
        status = StepStatus.FAILED;
        message = why;
    }
}
