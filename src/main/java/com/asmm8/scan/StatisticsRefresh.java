package com.asmm8.scan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh planner statistics of {@code cptm8hostname} right after a scan that changed many rows:
 * without them PostgreSQL plans the API's pages from the old row counts until autovacuum gets to
 * the table (measured: p50 588 ms instead of a few ms for a page of 100 right after 200,000 names
 * were inserted). A scan changed many rows when its new names and live flips are at least
 * {@code minRows}, or at least {@code fraction} of the domain's rows (and {@code floorRows}).
 * Used by routes/20-scan.yaml after the end of a scan is recorded.
 */
public class StatisticsRefresh {

    private static final Logger LOG = LoggerFactory.getLogger(StatisticsRefresh.class);

    private final DataSource ds;
    private final long minRows;
    private final double fraction;
    private final long floorRows;

    public StatisticsRefresh(DataSource ds, long minRows, double fraction, long floorRows) {
        this.ds = ds;
        this.minRows = minRows;
        this.fraction = fraction;
        this.floorRows = floorRows;
    }

    /** Whether the scan of the exchange (property {@code scan}) changed many rows; false on any doubt. */
    public boolean isDue(Exchange ex) {
        ScanRun run = ex.getProperty(ScanExchange.SCAN, ScanRun.class);
        if (run == null) {
            return false;
        }
        try {
            return isDue(run.getDomainId(), (long) run.getNewHostnames() + run.getLiveChanges());
        } catch (SQLException e) {
            LOG.warn("Scan {}: could not count the rows of {} ({}); statistics left to autovacuum",
                    run.getId(), run.getDomain(), e.getMessage());
            return false;
        }
    }

    /** Whether {@code changed} rows of this domain are many (see the class comment). */
    public boolean isDue(UUID domainId, long changed) throws SQLException {
        if (changed <= 0 || changed < floorRows) {
            return false;
        }
        if (changed >= minRows) {
            return true;
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM cptm8hostname WHERE domainid = ?")) {
            ps.setObject(1, domainId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return changed >= fraction * rs.getLong(1);
            }
        }
    }

    /** ANALYZE of the hostname table (a sample of it: a fraction of a second at 200,000 rows); logged, never thrown. */
    public void analyze(Exchange ex) {
        ScanRun run = ex.getProperty(ScanExchange.SCAN, ScanRun.class);
        long t0 = System.nanoTime();
        try {
            analyze();
            LOG.info("Scan {} of {} changed {} rows: cptm8hostname analyzed in {} ms", run == null ? "-" : run.getId(),
                    run == null ? "-" : run.getDomain(), run == null ? "?" : run.getNewHostnames() + run.getLiveChanges(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (SQLException e) {
            LOG.warn("ANALYZE cptm8hostname failed ({}); statistics left to autovacuum", e.getMessage());
        }
    }

    public void analyze() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("ANALYZE cptm8hostname");
        }
    }
}
