package com.asmm8.support;

import com.asmm8.IngestConfiguration;
import com.asmm8.db.DbRetry;
import com.asmm8.db.InventoryWrites;
import com.asmm8.ingest.BatchWrites;
import com.asmm8.ingest.LiveFlags;
import com.asmm8.ingest.Spooler;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The write route of routes/45-write.yaml (with the route configurations of 00-errors.yaml) on its own Camel context, with the beans it calls: the
 * batches of a test go through the same jdbc: endpoint, error handling and spool as a scan's.
 */
public final class WriteRoute implements AutoCloseable {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final ProducerTemplate template;
    public final Spooler spooler;

    public WriteRoute(DataSource ds, Duration outageMax, int batchSize) throws Exception {
        spooler = new IngestConfiguration().spooler(camel, new DbRetry(outageMax), batchSize);
        camel.getRegistry().bind("dataSource", ds);
        DbRetry retry = new DbRetry(outageMax);
        camel.getRegistry().bind("batchWrites", new BatchWrites(new InventoryWrites(ds), ScanMetrics.NONE, spooler));
        camel.getRegistry().bind("liveFlags", new LiveFlags(new InventoryWrites(ds), ScanMetrics.NONE));
        camel.getRegistry().bind("dbRedelivery", retry.redeliveryPolicy());
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/00-errors.yaml"),
                ResourceHelper.resolveMandatoryResource(camel, "file:routes/45-write.yaml"));
        camel.start();
        template = camel.createProducerTemplate();
    }

    /** Hands a batch of {@code run}, printed by {@code tool} (null: the scan's current tool), to the write route. */
    public void write(ScanRun run, String statement, String tool, List<String> names) {
        names.forEach(n -> run.writes().handedOver());
        template.send("direct:write-batch", e -> {
            e.setProperty(ScanExchange.SCAN, run);
            e.setProperty(BatchWrites.STATEMENT, statement);
            if (tool != null) {
                e.setProperty(ScanExchange.TOOL, tool);
            }
            e.getMessage().setBody(names);
        });
    }

    /** The end of a check of {@code run} (the end-check route), in the caller's thread. */
    public void endCheck(ScanRun run) {
        template.send("direct:end-check", e -> e.setProperty(ScanExchange.SCAN, run));
    }

    @Override
    public void close() {
        spooler.close();
        try {
            camel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
