package com.asmm8.scan;

import com.asmm8.db.DomainRepository;
import com.asmm8.db.DomainRepository.Domain;
import com.asmm8.db.ScanRunRepository;
import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.tool.ToolProcessExecutor;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The beginning and end of a scan: the scan-run record (one running scan per domain, across
 * processes), the staging folder, the final status, and the completion hook that cleans up.
 */
public class ScanLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ScanLifecycle.class);

    /**
     * The outcome of {@link #start} (or of queueing a work item): the run begun here, or the id of
     * the scan queued for any daemon, or the id of the scan that holds the domain already (null
     * while this process has it queued).
     */
    public record Started(ScanRun run, UUID runningId, UUID queuedId) {

        public Started(ScanRun run, UUID runningId) {
            this(run, runningId, null);
        }

        /** True when this call started (or queued) a scan; false when another holds the domain. */
        public boolean isNew() {
            return run != null || queuedId != null;
        }

        /** The new scan's id, or the id of the one that holds the domain (may be null, see above). */
        public UUID id() {
            return run != null ? run.getId() : queuedId != null ? queuedId : runningId;
        }
    }

    private final DomainRepository domains;
    private final ScanRunRepository runs;
    private final Staging staging;
    private final ActiveScans active;
    private final ToolProcessExecutor executor;
    private final ScanMetrics metrics;
    private final EndRecorder ends;
    private final Leases leases;
    /** How long the end of a scan waits for its last batches (batch timeout, outage bound, margin). */
    private final long writeWaitMs;

    public ScanLifecycle(DomainRepository domains, ScanRunRepository runs, Staging staging, ActiveScans active,
            ToolProcessExecutor executor, ScanMetrics metrics, EndRecorder ends, Leases leases,
            long batchTimeoutMs, Duration outageMax) {
        this.domains = domains;
        this.runs = runs;
        this.staging = staging;
        this.active = active;
        this.executor = executor;
        this.metrics = metrics;
        this.ends = ends;
        this.leases = leases;
        this.writeWaitMs = PhaseSteps.writeWaitMs(batchTimeoutMs, outageMax);
    }

    /**
     * Begins a scan now (scan-run record, staging folder) for a caller that wants its id at once,
     * such as the HTTP API; the caller then hands the run to the scan queue. When the domain is
     * already queued or running, nothing is begun and the running scan's id is returned.
     */
    public Started start(String domain, ScanType type) throws SQLException, IOException {
        String seed = HostnameNormalizer.seed(domain);
        if (!active.claim(seed)) {
            Optional<Domain> d = domains.findByName(seed);
            return new Started(null, d.isPresent() ? runs.runningFor(d.get().id()).orElse(null) : null);
        }
        try {
            Domain d = domains.ensure(seed, null);
            ScanRun run = open(d, type, null);
            if (run == null) {
                active.release(seed);
                return new Started(null, runs.runningFor(d.id()).orElse(null));
            }
            MDC.remove(ScanExchange.MDC_SCAN_ID); // the caller's thread (HTTP, JMX) goes on with other work
            return new Started(run, null);
        } catch (SQLException | IOException | RuntimeException e) {
            active.release(seed);
            throw e;
        }
    }

    /**
     * The first step of the scan route. The body is a {@link ScanRequest} (poll, command line) or
     * a {@link ScanRun} already begun by {@link #start}. Adds the domain if absent, writes the
     * scan-run record and creates the staging folder. Returns the run, or {@code null} when the
     * domain already has a running scan (in this or another process).
     */
    public ScanRun begin(Exchange exchange) throws SQLException, IOException {
        Object body = exchange.getMessage().getBody();
        ScanRun run;
        if (body instanceof ScanRun begun) {
            run = begun;
        } else {
            ScanRequest req = exchange.getMessage().getBody(ScanRequest.class);
            if (req == null) {
                throw new IllegalArgumentException("the scan route needs a ScanRequest or a ScanRun, not " + body);
            }
            active.claim(req.domain());
            try {
                run = open(domains.ensure(req.domain(), null), req.type(), req.queuedId());
            } catch (SQLException | IOException | RuntimeException e) {
                active.release(req.domain());
                throw e;
            }
            if (run == null) {
                active.release(req.domain());
                return null;
            }
        }
        exchange.setProperty(ScanExchange.SCAN, run);
        exchange.setProperty(ScanExchange.SCAN_ID, run.getId().toString());
        // every log line of this scan carries its id (Camel carries the MDC key across its threads)
        MDC.put(ScanExchange.MDC_SCAN_ID, run.getId().toString());
        return run;
    }

    /** Begins a scan of {@code d}: a new one, or the one recorded {@code queued} as {@code queuedId}. */
    private ScanRun open(Domain d, ScanType type, UUID queuedId) throws SQLException, IOException {
        UUID id = queuedId != null ? queuedId : UUID.randomUUID();
        // a domain is scanned only under its lease (many daemons, one database)
        OptionalLong token = leases.hold(d.id(), d.name());
        if (token.isEmpty()) {
            LOG.info("Scan of {} not started: another node holds its lease", d.name());
            return null;
        }
        Optional<Timestamp> started = runs.begin(id, d.id(), d.name(), type.id(), token.getAsLong(), queuedId != null);
        if (started.isEmpty() && queuedId != null) {
            LOG.info("Scan {} of {} not started: it is no longer queued (cancelled)", id, d.name());
            return null;
        }
        if (started.isEmpty()) {
            LOG.warn("Scan of {} not started: scan {} of it is still running", d.name(),
                    runs.runningFor(d.id()).map(UUID::toString).orElse("?"));
            return null;
        }
        ScanRun run = new ScanRun(id, d.id(), d.name(), type, started.get(), staging.create(id), token.getAsLong());
        active.started(run);
        MDC.put(ScanExchange.MDC_SCAN_ID, id.toString());
        LOG.info("Scan {} of {} ({}) started on node {} (lease token {})", id, d.name(), type.id(), runs.node(),
                token.getAsLong());
        return run;
    }

    /** Records the outcome of a scan that ran to its end (retried while the database is away). */
    public ScanRun finish(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        run.writes().awaitSettled(writeWaitMs);
        ScanStatus status = run.outcome();
        ends.record(run, status, run.problems());
        leases.finished(run, status);
        ended(run, status);
        LOG.info("Scan {} of {} ({}) {}: {} hostnames seen, {} new, {} live changes, {} ms writing batches", run.getId(),
                run.getDomain(), run.getTypeId(), status.id(), run.getHostnamesSeen(), run.getNewHostnames(),
                run.getLiveChanges(), run.writeNanos.get() / 1_000_000);
        return run;
    }

    /** Records a scan that stopped on an unexpected error; what it wrote before stays. */
    public ScanRun crashed(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String msg = "scan stopped by an error" + (run.getPhase() == null ? "" : " in phase " + run.getPhase().id())
                + ": " + (t == null ? "unknown" : t.getClass().getSimpleName() + ": " + t.getMessage());
        LOG.error("Scan {} of {}: {}", run.getId(), run.getDomain(), msg, t);
        run.writes().awaitSettled(writeWaitMs);
        String problems = run.problems();
        ScanStatus status = run.isInterrupted()
                ? ScanStatus.INTERRUPTED
                : run.isCancelled() ? ScanStatus.CANCELLED : ScanStatus.FAILED;
        ends.record(run, status, problems == null ? msg : msg + "; " + problems);
        leases.finished(run, status);
        ended(run, status);
        return run;
    }

    private void ended(ScanRun run, ScanStatus status) {
        metrics.scanEnded(run.getTypeId(), run.getDomain(), status, Duration.ofNanos(System.nanoTime() - run.startNanos));
    }

    /** The completion hook of the scan route: kills leftover tool processes, removes the staging folder, releases the domain. */
    public void cleanup(Exchange exchange) {
        ScanRun run = exchange.getProperty(ScanExchange.SCAN, ScanRun.class);
        if (run == null) {
            return;
        }
        int killed = executor.killAll(run.getStaging().toString());
        if (killed > 0) {
            LOG.warn("Scan {}: killed {} tool processes still running", run.getId(), killed);
        }
        staging.remove(run.getStaging());
        if (!run.isEndPending()) {
            active.ended(run); // otherwise the end recorder releases it once its end is written
        }
        MDC.remove(ScanExchange.MDC_SCAN_ID);
    }
}
