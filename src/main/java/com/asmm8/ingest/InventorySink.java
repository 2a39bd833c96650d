package com.asmm8.ingest;

import com.asmm8.db.Fence;
import com.asmm8.db.InventoryWrites;
import com.asmm8.db.InventoryWrites.BatchOutcome;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanRun;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/** Findings into the inventory: one upsert statement per batch, credited to the tool that printed them. */
public class InventorySink extends BatchSink {

    public static final String KIND = "inventory";

    protected final InventoryWrites writes;
    private final ScanMetrics metrics;

    public InventorySink(InventoryWrites writes, ScanMetrics metrics, Spooler spooler) {
        super(spooler);
        this.writes = writes;
        this.metrics = metrics;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected void write(ScanRun run, String tool, List<String> names) throws SQLException, IOException {
        BatchOutcome o = metrics.db("upsert", () -> upsert(run.fence(), tool, names));
        run.counted(run.getPhase(), o);
        metrics.batchWritten(run.getDomain(), tool, o.names(), o.inserted());
    }

    /** The statement of one batch. */
    protected BatchOutcome upsert(Fence fence, String tool, List<String> names) throws SQLException {
        return writes.upsert(fence, tool, names);
    }
}
