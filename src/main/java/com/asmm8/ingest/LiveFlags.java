package com.asmm8.ingest;

import com.asmm8.db.DbRetry;
import com.asmm8.db.FencedOut;
import com.asmm8.db.InventoryWrites;
import com.asmm8.scan.PhaseReport;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.StepStatus;
import org.apache.camel.Exchange;

/**
 * The end of a check's live flags: names that answered were marked live as they came (the write
 * route, statement {@code live-flags}); when the check succeeded, the stored names that did not
 * answer are marked not live.
 */
public class LiveFlags {

    private final InventoryWrites writes;
    private final ScanMetrics metrics;
    private final DbRetry retry;

    public LiveFlags(InventoryWrites writes, ScanMetrics metrics, DbRetry retry) {
        this.writes = writes;
        this.metrics = metrics;
        this.retry = retry;
    }

    /**
     * The end of a judged check phase: marks not live every name that did not answer since the
     * scan began, unless the phase failed (a failing resolver says nothing about the names).
     */
    public void endPhase(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        PhaseReport report = run.phaseReport(run.getPhase());
        if (report.status == StepStatus.OK) {
            try {
                run.liveChanged(run.getPhase(), retry.call("marking the names that did not answer", () -> metrics.db(
                        "mark_not_live", () -> writes.markNotLiveSince(run.fence(), run.getStartedAt()))));
            } catch (Exception e) {
                if (e instanceof FencedOut) {
                    run.loseLease(e.getMessage());
                }
                report.status = StepStatus.FAILED;
                report.message = "live flags of names that did not answer were left as they were: " + e.getMessage();
            }
        } else if (report.status == StepStatus.FAILED && report.message == null) {
            report.message = "live flags of names that did not answer were left as they were, since the resolver failed";
        }
    }
}
