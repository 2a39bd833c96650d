package com.asmm8.ingest;

import com.asmm8.db.DbRetry;
import com.asmm8.db.FencedOut;
import com.asmm8.db.InventoryWrites;
import com.asmm8.scan.PhaseReport;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.StepStatus;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The live flags of a check: names that answered are marked live as they come; when the check
 * succeeded, the stored names that did not answer are marked not live.
 */
public class LiveFlagSink extends BatchSink {

    private final InventoryWrites writes;
    private final ScanMetrics metrics;

    private final DbRetry retry;

    public LiveFlagSink(InventoryWrites writes, ScanMetrics metrics, Spooler spooler, DbRetry retry) {
        super(spooler);
        this.writes = writes;
        this.metrics = metrics;
        this.retry = retry;
    }

    public static final String KIND = "live-flags";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected void write(ScanRun run, String tool, List<String> names) throws SQLException, IOException {
        run.counted(run.getPhase(), metrics.db("mark_live", () -> writes.markLive(run.fence(), names)));
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
