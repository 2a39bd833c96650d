package com.asmm8.scan;

import com.asmm8.db.DbRetry;
import com.asmm8.db.ScanRunRepository;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a running scan's phase, per-phase report and counts to its scan-run record. */
public class ScanProgress {

    private static final Logger LOG = LoggerFactory.getLogger(ScanProgress.class);
    private static final ObjectMapper JSON = Json.MAPPER;

    private final ScanRunRepository runs;

    public ScanProgress(ScanRunRepository runs) {
        this.runs = runs;
    }

    /**
     * Writes the progress. While the database is away progress is skipped (logged): the scan goes
     * on, and its end is recorded with retries ({@link EndRecorder}).
     */
    public void record(ScanRun run) throws SQLException {
        try {
            runs.progress(run.getId(), run.getPhase() == null ? null : run.getPhase().id(), phasesJson(run),
                    run.getHostnamesSeen(), run.getNewHostnames(), run.getLiveChanges());
        } catch (SQLException | RuntimeException e) {
            if (!DbRetry.isOutage(e)) {
                throw e;
            }
            LOG.warn("Scan {} of {}: progress not recorded, the database is unreachable: {}", run.getId(), run.getDomain(),
                    e.getMessage());
        }
    }

    /** The {@code phases} column: each phase's report (status, message, tools, counts). */
    public static String phasesJson(ScanRun run) {
        Map<String, Object> out = new LinkedHashMap<>();
        run.phases().forEach((phase, report) -> out.put(phase.id(), report));
        try {
            return JSON.writeValueAsString(out);
        } catch (IOException e) {
            return "{}";
        }
    }
}
