package com.asmm8.scan;

import com.asmm8.tool.Phase;
import com.asmm8.tool.ToolCatalog;
import com.asmm8.tool.ToolDefinition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic steps of the {@code phase} route: start (which installed tools serve the phase),
 * judge (did its tools and writes succeed) and end (log line, metrics, progress). What a phase
 * reads and where its names go are the route's decisions.
 */
public class PhaseSteps {

    private static final Logger LOG = LoggerFactory.getLogger(PhaseSteps.class);

    private final ToolCatalog catalog;
    private final ScanProgress progress;
    private final ScanMetrics metrics;
    private final long writeWaitMs;

    public PhaseSteps(ToolCatalog catalog, ScanProgress progress, ScanMetrics metrics, long batchTimeoutMs,
            Duration outageMax) {
        this.catalog = catalog;
        this.progress = progress;
        this.metrics = metrics;
        this.writeWaitMs = writeWaitMs(batchTimeoutMs, outageMax);
    }

    /**
     * How long the end of a phase or scan waits for its last batches: the batch timeout, the time
     * spooled batches are retried while the database is away, and a margin for the last attempt.
     */
    static long writeWaitMs(long batchTimeoutMs, Duration outageMax) {
        return batchTimeoutMs + outageMax.toMillis() + 60_000;
    }

    /**
     * Starts the phase the route named ({@code phase} property) and returns its declared tools
     * that are installed. A stopped scan, or a phase with no installed tool, is recorded as
     * skipped (naming what to install) and gets an empty list.
     */
    public List<ToolDefinition> start(Exchange exchange) throws SQLException {
        ScanRun run = ScanExchange.logged(exchange);
        Phase phase = Phase.of(exchange.getProperty(ScanExchange.PHASE, String.class));
        boolean findsNames = !ScanExchange.SINK_PERMUTATIONS.equals(exchange.getProperty(ScanExchange.SINK, String.class));
        run.startPhase(phase, findsNames);
        exchange.removeProperty(ScanExchange.INPUT_FILE); // set again by this phase's input step, if it has one
        exchange.setProperty(ScanExchange.PHASE_START, System.nanoTime());
        progress.record(run);
        if (run.stopReason() != null) {
            skip(run, "not run: " + run.stopReason());
            return List.of();
        }
        List<ToolDefinition> declared = catalog.forPhase(phase);
        List<ToolDefinition> installed = declared.stream().filter(ToolCatalog::isInstalled).toList();
        if (installed.isEmpty()) {
            skip(run, declared.isEmpty()
                    ? "no tool is declared for it in the tools file"
                    : "no tool for it is installed: install " + String.join(" or ", declared.stream()
                            .map(t -> t.binary() + (t.install() == null ? "" : " (" + t.install() + ")")).toList()));
            return List.of();
        }
        for (ToolDefinition t : declared) {
            if (!installed.contains(t)) {
                LOG.info("Scan {}: {} is not installed, phase {} runs without it", run.getId(), t.binary(), phase.id());
            }
        }
        LOG.info("Scan {} of {}: phase {} started with {}", run.getId(), run.getDomain(), phase.id(),
                installed.stream().map(ToolDefinition::name).toList());
        return installed;
    }

    /** Records the running phase as skipped, with the reason. */
    public void skip(ScanRun run, String why) throws SQLException {
        PhaseReport report = run.phaseReport(run.getPhase());
        report.status = StepStatus.SKIPPED;
        report.message = why;
        LOG.warn("Scan {} of {}: phase {} skipped: {}", run.getId(), run.getDomain(), run.getPhase().id(), why);
        progress.record(run);
    }

    /**
     * Judges a phase whose tools have run: failed when a batch write failed or every tool did,
     * partial when some tools failed and others delivered, else ok.
     */
    public void judge(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        PhaseReport report = run.phaseReport(run.getPhase());
        if (!run.writes().awaitSettled(writeWaitMs)) {
            report.status = StepStatus.FAILED;
            report.message = "the database did not take all batches in time";
        } else if (report.lostNames > 0 && report.status == StepStatus.RUNNING) {
            report.status = StepStatus.FAILED;
            report.message = report.lostNames + " names could not be written (" + run.writes().writeError() + ")";
        }
        if (report.status == StepStatus.RUNNING) {
            report.status = report.fromTools();
        }
    }

    /** Ends a phase: per-tool metrics, one log line with duration and counts, progress in the record. */
    public void end(Exchange exchange) throws SQLException {
        ScanRun run = ScanExchange.logged(exchange);
        PhaseReport report = run.phaseReport(run.getPhase());
        report.tools.forEach((name, t) -> metrics.toolRan(name, t.exitLabel,
                Duration.ofMillis(t.durationMs == null ? 0 : t.durationMs), t.lines.get(), t.rejected.get()));
        Long t0 = exchange.getProperty(ScanExchange.PHASE_START, Long.class);
        LOG.info("Scan {} of {}: phase {} {} in {} ms ({} new hostnames, {} live changes, {} lines read)", run.getId(),
                run.getDomain(), run.getPhase().id(), report.status.name().toLowerCase(),
                t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000, report.newHostnames.get(), report.liveChanges.get(),
                report.tools.values().stream().mapToLong(t -> t.lines.get()).sum());
        progress.record(run);
    }
}
