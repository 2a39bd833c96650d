package com.asmm8.ingest;

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
 * times the write.
 */
public abstract class BatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSink.class);

    /** Writes the batch in the body (a list of names; nulls ignored). */
    public void write(Exchange exchange) throws SQLException, IOException {
        ScanRun run = ScanExchange.run(exchange);
        List<String> names = names(exchange.getMessage().getBody(List.class));
        if (names.isEmpty()) {
            return;
        }
        String error = null;
        long t0 = System.nanoTime();
        // the tool that printed these names: the batch may be written after the next tool started
        String tool = exchange.getProperty(ScanExchange.TOOL, String.class);
        try {
            write(run, tool != null ? tool : run.getTool().name(), names);
        } catch (SQLException | IOException | RuntimeException e) {
            error = "writing a batch of " + names.size() + " names failed: " + e.getMessage();
            MDC.put(ScanExchange.MDC_SCAN_ID, run.getId().toString());
            LOG.error("Scan {} of {}: {}", run.getId(), run.getDomain(), error);
            throw e;
        } finally {
            run.writeNanos.addAndGet(System.nanoTime() - t0);
            run.settled(names.size(), error);
        }
    }

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
