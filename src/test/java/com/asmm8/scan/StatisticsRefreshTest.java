package com.asmm8.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.db.DomainRepository;
import com.asmm8.support.FakeSource;
import com.asmm8.support.TestDatabase;
import java.util.UUID;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * When a scan changed many rows of a domain, the hostname table is analyzed at once (so the API's
 * pages are planned from the new counts): the thresholds, and a real ANALYZE on a real PostgreSQL
 * (counted in pg_stat_user_tables.analyze_count, which autovacuum's runs do not touch).
 */
class StatisticsRefreshTest {

    private static TestDatabase db;
    private static PGSimpleDataSource ds;
    private static UUID domain;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase().migrated();
        ds = db.dataSource();
        domain = new DomainRepository(ds).ensure("stats.test", "").id();
        db.update("INSERT INTO cptm8hostname (name, domainid) SELECT 'h' || i || '.stats.test', ? FROM generate_series(1, 20000) i",
                domain);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @Test
    void manyChangedRowsAreTenThousandOrATenthOfTheDomain() throws Exception {
        StatisticsRefresh s = new StatisticsRefresh(ds, 10_000, 0.1, 1000);
        assertFalse(s.isDue(domain, 0));
        assertFalse(s.isDue(domain, 999), "under the floor");
        assertFalse(s.isDue(domain, 1999), "under a tenth of 20,000");
        assertTrue(s.isDue(domain, 2000), "a tenth of the domain's 20,000 rows");
        assertTrue(s.isDue(domain, 10_000));
        assertTrue(s.isDue(UUID.randomUUID(), 1000), "a tenth of a domain that has no row yet");
    }

    @Test
    void theScanOfTheExchangeDecidesAndTheTableIsAnalyzed() throws Exception {
        StatisticsRefresh s = new StatisticsRefresh(ds, 10_000, 0.1, 1000);
        var ex = new DefaultExchange(new DefaultCamelContext());
        assertFalse(s.isDue(ex), "no scan: nothing to decide");
        ScanRun run = new ScanRun(UUID.randomUUID(), domain, "stats.test", ScanType.PASSIVE, null, null);
        ex.setProperty("scan", run);
        assertFalse(s.isDue(ex), "a scan that changed nothing");

        long before = analyzeCount();
        s.analyze(ex);
        FakeSource.await("the ANALYZE counted", 10_000, () -> {
            try {
                return analyzeCount() > before;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals("20000", db.single("SELECT reltuples::bigint FROM pg_class WHERE relname = 'cptm8hostname'"),
                "the planner knows the rows");
    }

    private static long analyzeCount() throws Exception {
        return Long.parseLong(db.single("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'cptm8hostname'"));
    }
}
