package com.asmm8.scan;

import com.asmm8.db.Fence;
import com.asmm8.db.InventoryWrites.BatchOutcome;
import com.asmm8.tool.Phase;
import com.asmm8.tool.ToolDefinition;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one scan of one domain while it runs. It travels with the exchange as the
 * {@code scan} property, so a route reload never loses it, and it is what the scan-run record
 * is written from.
 */
public final class ScanRun {

    private final UUID id;
    private final UUID domainId;
    private final String domain;
    private final ScanType type;
    private final Timestamp startedAt;
    private final Path staging;
    private final Map<Phase, PhaseReport> phases = new LinkedHashMap<>();
    /** Names handed over lately: a name printed again and again is written once. */
    private final RecentNames recent = new RecentNames();
    /** Names written (per batch; the exact count of distinct names is set from the database at the end). */
    private final AtomicLong seen = new AtomicLong();
    private final AtomicInteger newHostnames = new AtomicInteger();
    private final AtomicInteger liveChanges = new AtomicInteger();
    private final WriteLedger writes = new WriteLedger();
    /** Time spent in batch writes, for the log line at the end of the scan. */
    public final AtomicLong writeNanos = new AtomicLong();
    private volatile Phase phase;
    private volatile ToolDefinition tool;
    private volatile boolean findsNames = true;
    private volatile ToolReport toolReport;
    private volatile CountDownLatch toolEnded = new CountDownLatch(0);
    private volatile boolean cancelled;
    private volatile boolean interrupted;
    private volatile boolean endPending;
    /** Why this node lost the domain's lease (another node took it over), or null. */
    private volatile String leaseLost;
    private final Fence fence;

    /** When this process began the scan (for its duration; startedAt is the database's clock). */
    final long startNanos = System.nanoTime();

    /** A scan whose writes are not fenced (no lease: tests of the parts that do not write). */
    public ScanRun(UUID id, UUID domainId, String domain, ScanType type, Timestamp startedAt, Path staging) {
        this(id, domainId, domain, type, startedAt, staging, null);
    }

    /** A scan under the domain's lease {@code leaseToken}: every batch it writes carries that token. */
    public ScanRun(UUID id, UUID domainId, String domain, ScanType type, Timestamp startedAt, Path staging, Long leaseToken) {
        this.fence = new Fence(domainId, leaseToken);
        this.id = id;
        this.domainId = domainId;
        this.domain = domain;
        this.type = type;
        this.startedAt = startedAt;
        this.staging = staging;
    }

    public UUID getId() {
        return id;
    }

    /** What this scan's writes carry: the domain and its lease token. */
    public Fence fence() {
        return fence;
    }

    public UUID getDomainId() {
        return domainId;
    }

    public String getDomain() {
        return domain;
    }

    public ScanType getType() {
        return type;
    }

    /** The type's name as routes compare it ({@code passive}, {@code active}, ...). */
    public String getTypeId() {
        return type.id();
    }

    public Timestamp getStartedAt() {
        return startedAt;
    }

    public Path getStaging() {
        return staging;
    }

    public Phase getPhase() {
        return phase;
    }

    public ToolDefinition getTool() {
        return tool;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
    }

    /** Stopped by the daemon's shutdown after the grace period. */
    public void interrupt() {
        interrupted = true;
    }

    public boolean isInterrupted() {
        return interrupted;
    }

    /** This node lost the domain's lease: the scan stops writing and ends interrupted. */
    public void loseLease(String why) {
        leaseLost = why;
        interrupted = true;
    }

    /** Why this node lost the domain's lease, or null while it holds it. */
    public String leaseLost() {
        return leaseLost;
    }

    /** True while the scan has ended but its end could not be written yet (the database is away). */
    public boolean isEndPending() {
        return endPending;
    }

    void endPending(boolean pending) {
        endPending = pending;
    }

    /** Why the scan was stopped early, or null while it may run on. */
    public String stopReason() {
        return leaseLost != null ? leaseLost : interrupted ? "the daemon shut down" : cancelled ? "the scan was cancelled" : null;
    }

    /** The staged file the permutation phase writes and the resolve phase reads. */
    public Path permutationsFile() {
        return staging.resolve("permutations.txt");
    }

    /**
     * Whether this phase's names are findings, each counted once per scan (false while
     * permutations are generated: they are candidates to resolve, not findings).
     */
    public boolean findsNames() {
        return findsNames;
    }

    public synchronized PhaseReport startPhase(Phase p, boolean findsNames) {
        phase = p;
        this.findsNames = findsNames;
        PhaseReport r = new PhaseReport();
        phases.put(p, r);
        return r;
    }

    public synchronized PhaseReport phaseReport(Phase p) {
        return phases.get(p);
    }

    public synchronized ToolReport startTool(ToolDefinition t) {
        tool = t;
        toolEnded = new CountDownLatch(1);
        ToolReport r = new ToolReport();
        phases.get(t.phase()).tools.put(t.name(), r);
        toolReport = r;
        return r;
    }

    /** Counted down when the current tool's process has ended (or could not start). */
    public CountDownLatch toolEnded() {
        return toolEnded;
    }

    /** The report of the tool running now (read once per output line: no lock). */
    public ToolReport toolReport() {
        return toolReport;
    }

    /** First sighting of a name in this scan (as far as the recent names tell)? */
    public boolean firstSighting(String name) {
        return recent.add(name);
    }

    public void counted(Phase p, BatchOutcome o) {
        seen.addAndGet(o.names());
        newHostnames.addAndGet(o.inserted());
        liveChanges.addAndGet(o.liveChanged());
        PhaseReport r = phaseReport(p);
        if (r != null) {
            r.newHostnames.addAndGet(o.inserted());
            r.liveChanges.addAndGet(o.liveChanged());
        }
    }

    public void liveChanged(Phase p, int n) {
        counted(p, new BatchOutcome(0, 0, n));
    }

    public int getHostnamesSeen() {
        return (int) seen.get();
    }

    /** The exact count of distinct names the scan wrote, read from the database at its end. */
    public void setHostnamesSeen(long n) {
        seen.set(n);
    }

    public int getNewHostnames() {
        return newHostnames.get();
    }

    public int getLiveChanges() {
        return liveChanges.get();
    }

    /** What became of the names handed to the batch writers. */
    public WriteLedger writes() {
        return writes;
    }

    /** Names that will never be written, and why: counted in the ledger and the current phase's report. */
    public synchronized void lost(long names, String why) {
        writes.lost(names, why);
        PhaseReport r = phase == null ? null : phases.get(phase);
        if (r != null) {
            r.lostNames += names;
        }
    }

    public synchronized Map<Phase, PhaseReport> phases() {
        return new LinkedHashMap<>(phases);
    }

    /** The final status: failed if a phase failed, warning if one was skipped or partial, else completed. */
    public synchronized ScanStatus outcome() {
        if (interrupted) {
            return ScanStatus.INTERRUPTED;
        }
        if (cancelled) {
            return ScanStatus.CANCELLED;
        }
        boolean skipped = false;
        for (PhaseReport r : phases.values()) {
            if (r.status == StepStatus.FAILED) {
                return ScanStatus.FAILED;
            }
            skipped |= r.status == StepStatus.SKIPPED || r.status == StepStatus.PARTIAL;
        }
        return skipped ? ScanStatus.WARNING : ScanStatus.COMPLETED;
    }

    /** The messages of failed and skipped phases and tools, for the error column; null when none. */
    public synchronized String problems() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Phase, PhaseReport> e : phases.entrySet()) {
            PhaseReport r = e.getValue();
            if (r.status == StepStatus.FAILED || r.status == StepStatus.PARTIAL || r.status == StepStatus.SKIPPED
                    || cancelled || interrupted) {
                if (r.message != null) {
                    sb.append(sb.length() > 0 ? "; " : "").append(e.getKey().id()).append(": ").append(r.message);
                }
                for (Map.Entry<String, ToolReport> t : r.tools.entrySet()) {
                    if (t.getValue().status == StepStatus.FAILED && t.getValue().message != null) {
                        sb.append(sb.length() > 0 ? "; " : "").append(e.getKey().id()).append('/').append(t.getKey())
                                .append(": ").append(t.getValue().message);
                    }
                }
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
