package com.asmm8.scan;

import com.asmm8.db.DbRetry;
import com.asmm8.db.ScanRunRepository;
import java.sql.SQLException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels asked for through another daemon (or the API of another process on this database): the
 * process asked marks the scan's row, and the one that runs the scan finds the mark here, every
 * {@code asmm8.scan.cancel-poll} ms (routes/10-poll.yaml), and cancels it as if asked itself.
 */
public class RemoteCancels {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteCancels.class);

    private final ScanRunRepository runs;
    private final ActiveScans active;

    public RemoteCancels(ScanRunRepository runs, ActiveScans active) {
        this.runs = runs;
        this.active = active;
    }

    /** Cancels this process's running scans whose cancel was asked for elsewhere; answers how many. */
    public int check() throws SQLException {
        if (active.count() == 0) {
            return 0; // nothing runs here: no statement
        }
        int n = 0;
        try {
            for (UUID id : runs.cancelsRequested()) {
                ScanRun run = active.find(id).orElse(null);
                if (run != null && !run.isCancelled() && active.cancel(id)) {
                    LOG.info("Scan {} of {}: cancelled, as asked through another process", id, run.getDomain());
                    n++;
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (!DbRetry.isOutage(e)) {
                throw e;
            }
            LOG.debug("Cancels asked elsewhere not checked: the database is unreachable ({})", e.getMessage());
        }
        return n;
    }
}
