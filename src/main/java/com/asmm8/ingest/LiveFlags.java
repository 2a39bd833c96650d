package com.asmm8.ingest;

import com.asmm8.db.BatchStatement;
import com.asmm8.db.FencedOut;
import com.asmm8.db.InventoryWrites;
import com.asmm8.scan.PhaseReport;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.StepStatus;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The end of a check's live flags (routes/45-write.yaml end-check): names that answered were
 * marked live as they came (statement {@code live-flags}); when the check succeeded, the stored
 * names that did not answer are marked not live, in one statement through the route's
 * {@code jdbc:} endpoint, retried while the database is away.
 */
public class LiveFlags {

    private final InventoryWrites writes;
    private final ScanMetrics metrics;

    public LiveFlags(InventoryWrites writes, ScanMetrics metrics) {
        this.writes = writes;
        this.metrics = metrics;
    }

    /**
     * True when the names that did not answer are to be marked: the check phase succeeded (a
     * failing resolver says nothing about the names; its phase says so).
     */
    public boolean judged(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        PhaseReport report = run.phaseReport(run.getPhase());
        if (report.status == StepStatus.FAILED && report.message == null) {
            report.message = "live flags of names that did not answer were left as they were, since the resolver failed";
        }
        return report.status == StepStatus.OK;
    }

    /** The body becomes the statement (every name not resolved since the scan began), its values the CamelJdbcParameters header. */
    public void statement(Exchange exchange) {
        ScanRun run = ScanExchange.run(exchange);
        BatchStatement st = writes.markNotLiveStatement(run.fence(), run.getStartedAt());
        st.bind(exchange);
    }

    /** The statement's row: how many names flipped to not live. */
    public void outcome(Exchange exchange) throws FencedOut {
        ScanRun run = ScanExchange.run(exchange);
        metrics.db("mark_not_live", BatchStatement.took(exchange));
        run.liveChanged(run.getPhase(), InventoryWrites.outcome(exchange.getMessage().getBody(Map.class), run.fence()).liveChanged());
    }

    /** The statement failed for good (or the domain was taken over): the phase fails, the flags stay as they were. */
    public void failed(Exchange exchange) {
        ScanRun run = ScanExchange.run(exchange);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e instanceof FencedOut) {
            run.loseLease(e.getMessage());
        }
        PhaseReport report = run.phaseReport(run.getPhase());
        report.status = StepStatus.FAILED;
        report.message = "live flags of names that did not answer were left as they were: " + (e == null ? "unknown" : e.getMessage());
    }
}
