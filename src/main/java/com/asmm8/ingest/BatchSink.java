package com.asmm8.ingest;

import com.asmm8.db.DbRetry;
import com.asmm8.db.FencedOut;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRun;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Where a batch of hostnames goes; the ingest route chooses the sink. Every sink settles the
 * batch with its scan (so the end of a phase knows all names were written, or why not) and
 * times the write. A batch that meets a database outage is not lost: it goes to the scan's
 * spool ({@link Spooler}) and is written when the database is back.
 */
public abstract class BatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSink.class);

    private final Spooler spooler;

    /** @param spooler where batches wait while the database is away (null: a sink that never spools) */
    protected BatchSink(Spooler spooler) {
        this.spooler = spooler;
    }

    /** Writes the batch in the body (a list of names; nulls ignored). */
    public void write(Exchange exchange) {
        write(exchange, exchange.getMessage().getBody(List.class));
    }

    /** Writes the batch {@code batch} of the exchange's scan and tool. */
    protected void write(Exchange exchange, List<?> batch) {
        ScanRun run = ScanExchange.run(exchange);
        List<String> names = names(batch);
        if (names.isEmpty()) {
            return;
        }
        // the tool that printed these names: the batch may be written after the next tool started
        String tool = exchange.getProperty(ScanExchange.TOOL, String.class);
        tool = tool != null ? tool : run.getTool().name();
        if (run.leaseLost() != null) {
            // fenced: another node holds the domain now and scans it again; this node writes nothing more
            run.lost(names.size(), "not written: " + run.leaseLost());
            return;
        }
        try {
            if (spooler != null && spooler.isSpooling(run)) {
                spooler.spool(run, this, tool, names, null); // behind the batches already waiting
                return;
            }
            try {
                writeSettled(run, tool, names);
            } catch (FencedOut e) {
                // the fence in the statement: another node took the domain over since the last renewal
                run.loseLease(e.getMessage());
                run.lost(names.size(), "not written: " + e.getMessage());
            } catch (SQLException | RuntimeException e) {
                if (spooler == null || !DbRetry.isOutage(e)) {
                    throw e;
                }
                spooler.spool(run, this, tool, names, e);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            String error = "a batch write failed: " + e.getMessage();
            MDC.put(ScanExchange.MDC_SCAN_ID, run.getId().toString());
            LOG.error("Scan {} of {}: {}", run.getId(), run.getDomain(), error);
            run.lost(names.size(), error);
        }
    }

    /** Writes a batch and settles it with its scan; on failure nothing is settled and the error is thrown. */
    private void writeSettled(ScanRun run, String tool, List<String> names) throws SQLException, IOException {
        writeTimed(run, tool, names);
        run.writes().settled(names.size());
    }

    /** Writes a batch, timed; the caller settles it. */
    void writeTimed(ScanRun run, String tool, List<String> names) throws SQLException, IOException {
        long t0 = System.nanoTime();
        try {
            write(run, tool, names);
        } finally {
            run.writeNanos.addAndGet(System.nanoTime() - t0);
        }
    }

    /** What the sink writes ({@code inventory}, {@code live-flags}, ...): names the spool files, for a replay after a crash. */
    public abstract String kind();

    /** Writes the names of one batch of {@code run}, printed by {@code tool}. */
    protected abstract void write(ScanRun run, String tool, List<String> names) throws SQLException, IOException;

    private static List<String> names(List<?> body) {
        List<String> names = new ArrayList<>(body == null ? 0 : body.size());
        if (body != null) {
            for (Object o : body) {
                if (o != null) {
                    names.add(o.toString());
                }
            }
        }
        return names;
    }
}
