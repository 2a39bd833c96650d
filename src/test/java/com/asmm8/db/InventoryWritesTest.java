package com.asmm8.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.db.InventoryWrites.BatchOutcome;
import com.asmm8.support.TestDatabase;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The batch statements against a real PostgreSQL: counts, flags, sources, settings, and the lease fence. */
class InventoryWritesTest {

    private static final Duration TTL = Duration.ofHours(1);

    private static TestDatabase db;
    private static InventoryWrites writes;
    private static DomainRepository domains;
    private static LeaseRepository leases;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase().migrated();
        PGSimpleDataSource ds = db.dataSource();
        writes = new InventoryWrites(ds);
        domains = new DomainRepository(ds);
        leases = new LeaseRepository(ds);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @Test
    void upsertCountsNewRowsAndLiveFlipsInOneStatement() throws Exception {
        Fence d = Fence.none(domains.ensure("repo.test", "acme").id());
        assertEquals(new BatchOutcome(2, 2, 0), writes.upsert(d, "gobuster", List.of("a.repo.test", "b.repo.test", "a.repo.test")));
        db.update("UPDATE cptm8hostname SET live = false WHERE name = 'b.repo.test'");
        // b comes back (live flips), c is new, a is known and live already
        assertEquals(new BatchOutcome(3, 1, 1), writes.upsert(d, "subfinder", List.of("a.repo.test", "b.repo.test", "c.repo.test")));
        assertEquals(List.of(
                List.of("a.repo.test", "true", "{gobuster,subfinder}"),
                List.of("b.repo.test", "true", "{gobuster,subfinder}"),
                List.of("c.repo.test", "true", "{subfinder}")),
                db.rows("SELECT name, live, sources FROM cptm8hostname WHERE domainid = ? ORDER BY name", d.domainId()));
        // the same source again is not appended twice
        writes.upsert(d, "subfinder", List.of("c.repo.test"));
        assertEquals("{subfinder}", db.single("SELECT sources FROM cptm8hostname WHERE name = 'c.repo.test'"));
    }

    @Test
    void wildcardNamesAreStoredNotLiveAndMarkedUntilAToolFindsThem() throws Exception {
        Fence d = Fence.none(domains.ensure("wild.test", "acme").id());
        writes.upsert(d, "gobuster", List.of("known.wild.test"));
        assertEquals(new BatchOutcome(2, 1, 1), writes.upsertWildcard(d, "subfinder", List.of("known.wild.test", "only.wild.test")));
        assertEquals(List.of(
                List.of("known.wild.test", "false", "{gobuster,subfinder,wildcard}"),
                List.of("only.wild.test", "false", "{subfinder,wildcard}")),
                db.rows("SELECT name, live, sources FROM cptm8hostname WHERE domainid = ? ORDER BY name", d.domainId()));
        // a tool that resolves it on its own: live again, the marker gone
        assertEquals(new BatchOutcome(1, 0, 1), writes.upsert(d, "asmm8-dns", List.of("only.wild.test")));
        assertEquals(List.of("true", "{subfinder,asmm8-dns}"),
                db.rows("SELECT live, sources FROM cptm8hostname WHERE name = 'only.wild.test'").get(0));
    }

    @Test
    void newHostnamesTakeEnabledFromTheGeneralSettings() throws Exception {
        Fence d = Fence.none(domains.ensure("settings.test", "acme").id());
        db.update("UPDATE cptm8generalscansettings SET settings = '{\"scannewlyfoundhostname\": false}'");
        try {
            writes.upsert(d, "t", List.of("x.settings.test"));
        } finally {
            db.update("UPDATE cptm8generalscansettings SET settings = '{\"scannewlyfoundhostname\": true}'");
        }
        writes.upsert(d, "t", List.of("y.settings.test", "x.settings.test"));
        assertEquals(List.of(List.of("x.settings.test", "false"), List.of("y.settings.test", "true")),
                db.rows("SELECT name, enabled FROM cptm8hostname WHERE domainid = ? ORDER BY name", d.domainId()));
    }

    @Test
    void checkLiveMarksResolvedAndThenTheRest() throws Exception {
        Fence d = Fence.none(domains.ensure("check.test", "acme").id());
        writes.upsert(d, "t", List.of("up.check.test", "down.check.test", "back.check.test"));
        db.update("UPDATE cptm8hostname SET live = false WHERE name = 'back.check.test'");
        Timestamp start = Timestamp.valueOf(db.single("SELECT now()::timestamp"));
        Thread.sleep(5);
        assertEquals(new BatchOutcome(2, 0, 1), writes.markLive(d, List.of("up.check.test", "back.check.test", "unknown.check.test")));
        assertEquals(1, writes.markNotLiveSince(d, start));
        assertEquals(List.of(List.of("back.check.test", "true"), List.of("down.check.test", "false"), List.of("up.check.test", "true")),
                db.rows("SELECT name, live FROM cptm8hostname WHERE domainid = ? ORDER BY name", d.domainId()));
    }

    @Test
    void everyDomainHasItsLeaseRowFromItsInsertWhoeverInsertsIt() throws Exception {
        db.update("INSERT INTO cptm8domain (id, name, companyname, enabled) VALUES (gen_random_uuid(), 'other-service.test', 'x', false)");
        assertEquals("0", db.single("SELECT l.token FROM asmm8_domain_lease l JOIN cptm8domain d ON d.id = l.domainid "
                + "WHERE d.name = 'other-service.test'"));
    }

    @Test
    void aBatchUnderTheHoldersTokenIsWrittenAndOneUnderAnOldTokenWritesNothing() throws Exception {
        UUID d = domains.ensure("fence.test", "acme").id();
        long mine = leases.acquire(d, "node-a", TTL).orElseThrow();
        Fence fence = new Fence(d, mine);
        assertEquals(new BatchOutcome(2, 2, 0), writes.upsert(fence, "gobuster", List.of("a.fence.test", "b.fence.test")));
        Timestamp start = Timestamp.valueOf(db.single("SELECT now()::timestamp"));

        // node-a was too slow to renew: its lease expired and node-b claimed the domain
        db.update("UPDATE asmm8_domain_lease SET leaseuntil = now() - interval '1 hour' WHERE domainid = ?", d);
        long theirs = leases.acquire(d, "node-b", TTL).orElseThrow();
        assertEquals(mine + 1, theirs);

        assertThrows(FencedOut.class, () -> writes.upsert(fence, "gobuster", List.of("late.fence.test", "a.fence.test")));
        assertThrows(FencedOut.class, () -> writes.upsertWildcard(fence, "subfinder", List.of("wild.fence.test")));
        assertThrows(FencedOut.class, () -> writes.markLive(fence, List.of("a.fence.test")));
        assertThrows(FencedOut.class, () -> writes.markNotLiveSince(fence, start));
        assertEquals(List.of(List.of("a.fence.test", "true", "{gobuster}"), List.of("b.fence.test", "true", "{gobuster}")),
                db.rows("SELECT name, live, sources FROM cptm8hostname WHERE domainid = ? ORDER BY name", d),
                "nothing of node-a's late batches landed");
        // node-b's batches land
        assertEquals(new BatchOutcome(1, 1, 0), writes.upsert(new Fence(d, theirs), "asmm8-dns", List.of("c.fence.test")));
    }

    @Test
    void aBatchRacingATakeoverWaitsForTheClaimAndThenWritesNothing() throws Exception {
        UUID d = domains.ensure("race.test", "acme").id();
        long mine = leases.acquire(d, "node-a", TTL).orElseThrow();
        try (Connection claim = db.connect()) {
            // node-b's claim, not yet committed: it has raised the token under its row lock
            claim.setAutoCommit(false);
            TestDatabase.rows(claim, "UPDATE asmm8_domain_lease SET owner = 'node-b', token = token + 1 WHERE domainid = ? "
                    + "RETURNING token", d);
            CompletableFuture<BatchOutcome> batch = CompletableFuture.supplyAsync(() -> {
                try {
                    return writes.upsert(new Fence(d, mine), "gobuster", List.of("racing.race.test"));
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            // the batch read the old token in its snapshot; it must wait on the lease row's lock
            for (int i = 0; i < 200 && !waitingOnALock(); i++) {
                Thread.sleep(50);
            }
            assertTrue(waitingOnALock(), "the batch statement waits for the claim's lock on the lease row");
            claim.commit();
            ExecutionException e = assertThrows(ExecutionException.class, () -> batch.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof FencedOut, "fenced after the claim committed: " + e.getCause());
        }
        assertEquals("0", db.single("SELECT count(*) FROM cptm8hostname WHERE domainid = ?", d));
    }

    private static boolean waitingOnALock() throws Exception {
        return !"0".equals(db.single("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                + "AND datname = current_database() AND query LIKE '%asmm8_domain_lease%FOR SHARE%'"));
    }
}
