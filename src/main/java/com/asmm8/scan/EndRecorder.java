package com.asmm8.scan;

import com.asmm8.db.DbRetry;
import com.asmm8.db.HostnameRepository;
import com.asmm8.db.ScanRunRepository;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the end of a scan to its scan-run record: status, counts (the distinct names the scan
 * wrote are counted in the database) and problems. While the database is away the write is
 * retried with backoff for the outage bound, then every 30 s in the background for as long as
 * this process runs; meanwhile the scan stays this process's (listed, its domain claimed), so
 * its {@code running} row never outlives the claim. If the process stops first, its next start
 * marks the row interrupted.
 */
public class EndRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndRecorder.class);
    private static final long BACKGROUND_RETRY_MS = 30_000;

    private final ScanRunRepository runs;
    private final HostnameRepository hostnames;
    private final ActiveScans active;
    private final ScanMetrics metrics;
    private final DbRetry retry;
    private final ScheduledExecutorService timer;

    /** @param timer the thread that retries in the background (from Camel's ExecutorServiceManager) */
    public EndRecorder(ScanRunRepository runs, HostnameRepository hostnames, ActiveScans active, ScanMetrics metrics,
            DbRetry retry, ScheduledExecutorService timer) {
        this.timer = timer;
        this.runs = runs;
        this.hostnames = hostnames;
        this.active = active;
        this.metrics = metrics;
        this.retry = retry;
    }

    /**
     * Records the end of {@code run}. True when it is written now; false when it could not be
     * (it is then retried in the background, and the run is released once it is written).
     */
    public boolean record(ScanRun run, ScanStatus status, String error) {
        try {
            retry.call("recording the end of scan " + run.getId(), () -> write(run, status, error));
            return true;
        } catch (Exception e) {
            run.endPending(true);
            LOG.error("Scan {} of {}: its end ({}) could not be recorded: {}; retried every {} s while this process runs",
                    run.getId(), run.getDomain(), status.id(), e.getMessage(), BACKGROUND_RETRY_MS / 1000);
            timer.schedule(() -> again(run, status, error), BACKGROUND_RETRY_MS, TimeUnit.MILLISECONDS);
            return false;
        }
    }

    private void again(ScanRun run, ScanStatus status, String error) {
        try {
            write(run, status, error);
            LOG.info("Scan {} of {}: its end ({}) is recorded now", run.getId(), run.getDomain(), status.id());
            run.endPending(false);
            active.ended(run);
        } catch (Exception e) {
            timer.schedule(() -> again(run, status, error), BACKGROUND_RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private Void write(ScanRun run, ScanStatus status, String error) throws Exception {
        run.setHostnamesSeen(metrics.db("count_seen", () -> hostnames.countSeenSince(run.getDomainId(), run.getStartedAt())));
        metrics.db("scan_run", () -> {
            runs.finish(run.getId(), status.id(), ScanProgress.phasesJson(run), run.getHostnamesSeen(), run.getNewHostnames(),
                    run.getLiveChanges(), error);
            return null;
        });
        return null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
