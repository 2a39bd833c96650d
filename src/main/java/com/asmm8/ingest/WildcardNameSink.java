package com.asmm8.ingest;

import com.asmm8.db.Fence;
import com.asmm8.db.InventoryWrites;
import com.asmm8.db.InventoryWrites.BatchOutcome;
import com.asmm8.dns.WildcardFilter;
import com.asmm8.scan.ScanMetrics;
import java.sql.SQLException;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Names a passive source reported that only their parent's wildcard answers: kept in the
 * inventory with the {@code wildcard} marker in their sources, and not live.
 */
public class WildcardNameSink extends InventorySink {

    public static final String KIND = "inventory-wildcard";

    public WildcardNameSink(InventoryWrites writes, ScanMetrics metrics, Spooler spooler) {
        super(writes, metrics, spooler);
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
    protected BatchOutcome upsert(Fence fence, String tool, List<String> names) throws SQLException {
        return writes.upsertWildcard(fence, tool, names);
    }
}
