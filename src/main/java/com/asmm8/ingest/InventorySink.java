package com.asmm8.ingest;

import com.asmm8.db.HostnameRepository;
import com.asmm8.db.HostnameRepository.BatchOutcome;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanRun;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/** Findings into the inventory: one upsert statement per batch, credited to the tool that printed them. */
public class InventorySink extends BatchSink {

    private final HostnameRepository hostnames;
    private final ScanMetrics metrics;

    public InventorySink(HostnameRepository hostnames, ScanMetrics metrics, Spooler spooler) {
        super(spooler);
        this.hostnames = hostnames;
        this.metrics = metrics;
    }

    public static final String KIND = "inventory";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected void write(ScanRun run, String tool, List<String> names) throws SQLException, IOException {
        BatchOutcome o = metrics.db("upsert", () -> hostnames.upsert(run.getDomainId(), tool, names));
        run.counted(run.getPhase(), o);
        metrics.batchWritten(run.getDomain(), tool, o.names(), o.inserted());
    }
}
