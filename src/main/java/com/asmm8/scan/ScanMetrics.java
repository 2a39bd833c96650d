package com.asmm8.scan;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What a scan reports to monitoring. {@code ops.Asmm8Metrics} implements it over Micrometer;
 * {@link #NONE} records nothing (tools and tests that run without metrics).
 */
public interface ScanMetrics {

    ScanMetrics NONE = new ScanMetrics() {
    };

    /** A finished scan: its duration and final status. */
    default void scanEnded(String type, String domain, ScanStatus status, Duration took) {
    }

    /** One written batch: names found (new or seen again), by the tool that reported them. */
    default void batchWritten(String domain, String source, int names, int inserted) {
    }

    /** One tool run: exit label, duration, lines read and rejected. */
    default void toolRan(String tool, String exit, Duration took, long lines, long rejected) {
    }

    /** The resolvers of a built-in DNS engine run, once it ended: their questions by outcome, drops by kind, how many were usable. */
    default void dnsResolvers(ResolverUse use) {
    }

    /** Runs a database operation, timed under its name. */
    default <T> T db(String operation, DbWork<T> work) throws SQLException, IOException {
        return work.call();
    }

    /** A database operation timed elsewhere (a route's jdbc: endpoint). */
    default void db(String operation, Duration took) {
    }

    /** A database operation. */
    @FunctionalInterface
    interface DbWork<T> {
        T call() throws SQLException, IOException;
    }
}
