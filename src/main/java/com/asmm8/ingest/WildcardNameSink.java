package com.asmm8.ingest;

import com.asmm8.db.HostnameRepository;
import com.asmm8.db.HostnameRepository.BatchOutcome;
import com.asmm8.dns.WildcardFilter;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanRun;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Names a passive source reported that only their parent's wildcard answers: kept in the
 * inventory with the {@code wildcard} marker in their sources, and not live.
 */
public class WildcardNameSink extends BatchSink {

    public static final String KIND = "inventory-wildcard";

    private final HostnameRepository hostnames;
    private final ScanMetrics metrics;

    public WildcardNameSink(HostnameRepository hostnames, ScanMetrics metrics, Spooler spooler) {
        super(spooler);
        this.hostnames = hostnames;
        this.metrics = metrics;
    }

    /** Writes the names the wildcard filter set apart ({@code wildcardNames}); the body is left to the inventory sink. */
    public void writeFlagged(Exchange exchange) {
        List<?> flagged = exchange.getProperty(WildcardFilter.WILDCARD_NAMES, List.class);
        exchange.removeProperty(WildcardFilter.WILDCARD_NAMES);
        write(exchange, flagged);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected void write(ScanRun run, String tool, List<String> names) throws SQLException, IOException {
        BatchOutcome o = metrics.db("upsert", () -> hostnames.upsertWildcard(run.getDomainId(), tool, names));
        run.counted(run.getPhase(), o);
        metrics.batchWritten(run.getDomain(), tool, o.names(), o.inserted());
    }
}
