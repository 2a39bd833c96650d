package com.asmm8.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.asmm8.db.HostnameRepository.BatchOutcome;
import com.asmm8.support.TestDatabase;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The batch statements against a real PostgreSQL: counts, flags, sources, settings. */
class HostnameRepositoryTest {

    private static TestDatabase db;
    private static HostnameRepository repo;
    private static DomainRepository domains;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(db.url());
        ds.setUser(TestDatabase.USER);
        Database.migrate(ds);
        repo = new HostnameRepository(ds);
        domains = new DomainRepository(ds);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @Test
    void upsertCountsNewRowsAndLiveFlipsInOneStatement() throws Exception {
        UUID d = domains.ensure("repo.test", "acme").id();
        assertEquals(new BatchOutcome(2, 2, 0), repo.upsert(d, "gobuster", List.of("a.repo.test", "b.repo.test", "a.repo.test")));
        db.update("UPDATE cptm8hostname SET live = false WHERE name = 'b.repo.test'");
        // b comes back (live flips), c is new, a is known and live already
        assertEquals(new BatchOutcome(3, 1, 1), repo.upsert(d, "subfinder", List.of("a.repo.test", "b.repo.test", "c.repo.test")));
        assertEquals(List.of(
                        List.of("a.repo.test", "true", "{gobuster,subfinder}"),
                        List.of("b.repo.test", "true", "{gobuster,subfinder}"),
                        List.of("c.repo.test", "true", "{subfinder}")),
                db.rows("SELECT name, live, sources FROM cptm8hostname WHERE domainid = ? ORDER BY name", d));
        // the same source again is not appended twice
        repo.upsert(d, "subfinder", List.of("c.repo.test"));
        assertEquals("{subfinder}", db.single("SELECT sources FROM cptm8hostname WHERE name = 'c.repo.test'"));
    }

    @Test
    void newHostnamesTakeEnabledFromTheGeneralSettings() throws Exception {
        UUID d = domains.ensure("settings.test", "acme").id();
        db.update("UPDATE cptm8generalscansettings SET settings = '{\"scannewlyfoundhostname\": false}'");
        try {
            repo.upsert(d, "t", List.of("x.settings.test"));
        } finally {
            db.update("UPDATE cptm8generalscansettings SET settings = '{\"scannewlyfoundhostname\": true}'");
        }
        repo.upsert(d, "t", List.of("y.settings.test", "x.settings.test"));
        assertEquals(List.of(List.of("x.settings.test", "false"), List.of("y.settings.test", "true")),
                db.rows("SELECT name, enabled FROM cptm8hostname WHERE domainid = ? ORDER BY name", d));
    }

    @Test
    void checkLiveMarksResolvedAndThenTheRest() throws Exception {
        UUID d = domains.ensure("check.test", "acme").id();
        repo.upsert(d, "t", List.of("up.check.test", "down.check.test", "back.check.test"));
        db.update("UPDATE cptm8hostname SET live = false WHERE name = 'back.check.test'");
        Timestamp start = Timestamp.valueOf(db.single("SELECT now()::timestamp"));
        Thread.sleep(5);
        assertEquals(new BatchOutcome(2, 0, 1), repo.markLive(d, List.of("up.check.test", "back.check.test", "unknown.check.test")));
        assertEquals(1, repo.markNotLiveSince(d, start));
        assertEquals(List.of(List.of("back.check.test", "true"), List.of("down.check.test", "false"), List.of("up.check.test", "true")),
                db.rows("SELECT name, live FROM cptm8hostname WHERE domainid = ? ORDER BY name", d));
    }
}
