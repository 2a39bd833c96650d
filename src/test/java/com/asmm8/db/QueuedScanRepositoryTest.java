package com.asmm8.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Scans recorded queued for a work item, against a real PostgreSQL: one per domain, begun by a taker, cancelled, republished; cancels asked through another node. */
class QueuedScanRepositoryTest {

    private static TestDatabase db;
    private static QueuedScanRepository queued;
    private static ScanRunRepository runs;
    private static DomainRepository domains;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase().migrated();
        PGSimpleDataSource ds = db.dataSource();
        queued = new QueuedScanRepository(ds);
        runs = new ScanRunRepository(ds, "node-b");
        domains = new DomainRepository(ds);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @Test
    void oneQueuedScanPerDomainAndTheTakerBeginsItUnderItsIdAndLease() throws Exception {
        var d = domains.ensure("queued.test", null);
        UUID first = UUID.randomUUID();
        assertEquals(Optional.empty(), queued.queue(first, d.id(), d.name(), "active"), "queued");
        assertTrue(queued.isQueued(first));
        assertEquals(Optional.of(first), queued.queue(UUID.randomUUID(), d.id(), d.name(), "passive"),
                "asked again while queued: the queued scan answers");
        assertEquals(List.of(List.of("queued", "null")), db.rows("SELECT status, node FROM asmm8_scan_run WHERE domainid = ?", d.id()));

        // the daemon that takes the work item begins the same scan, under its lease token
        assertTrue(runs.begin(first, d.id(), d.name(), "active", 7L, true).isPresent());
        assertFalse(queued.isQueued(first));
        assertEquals(List.of(List.of(first.toString(), "running", "node-b", "7")),
                db.rows("SELECT id, status, node, leasetoken FROM asmm8_scan_run WHERE domainid = ?", d.id()));
        assertEquals(Optional.of(first), queued.queue(UUID.randomUUID(), d.id(), d.name(), "active"),
                "asked while it runs: the running scan answers");
        assertFalse(runs.begin(first, d.id(), d.name(), "active", 7L, true).isPresent(), "a second item of it begins nothing");
    }

    @Test
    void aQueuedScanCancelledBeforeATakerCameIsNeverBegun() throws Exception {
        var d = domains.ensure("cancelled.test", null);
        UUID id = UUID.randomUUID();
        queued.queue(id, d.id(), d.name(), "active");
        assertTrue(queued.endQueued(id, "cancelled", "cancelled before a daemon took it"));
        assertFalse(queued.endQueued(id, "cancelled", "again"), "only a queued scan");
        assertFalse(runs.begin(id, d.id(), d.name(), "active", 1L, true).isPresent());
        assertEquals(List.of(List.of("cancelled", "cancelled before a daemon took it")),
                db.rows("SELECT status, error FROM asmm8_scan_run WHERE id = ?", id));
        // the domain can be queued again
        assertEquals(Optional.empty(), queued.queue(UUID.randomUUID(), d.id(), d.name(), "active"));
    }

    @Test
    void aCancelAskedThroughAnotherNodeIsFoundByTheNodeThatRunsTheScanOnly() throws Exception {
        var d = domains.ensure("remote-cancel.test", null);
        UUID id = UUID.randomUUID();
        assertTrue(runs.begin(id, d.id(), d.name(), "active", 3L).isPresent()); // node-b runs it
        ScanRunRepository nodeA = new ScanRunRepository(db.dataSource(), "node-a");
        assertFalse(runs.cancelsRequested().contains(id));
        assertTrue(nodeA.requestCancel(id), "asked through node-a");
        assertTrue(runs.cancelsRequested().contains(id), "node-b finds it");
        assertFalse(nodeA.cancelsRequested().contains(id), "node-a does not run it");
        runs.finish(id, "cancelled", "{}", 0, 0, 0, "cancelled");
        assertFalse(runs.cancelsRequested().contains(id), "ended: nothing to cancel");
        assertFalse(nodeA.requestCancel(id), "no cancel of a scan that ended");
    }

    @Test
    void aScanQueuedLongerThanTheWorkTimeoutIsPublishedAgainOnceAnAge() throws Exception {
        var d = domains.ensure("stale.test", null);
        UUID id = UUID.randomUUID();
        queued.queue(id, d.id(), d.name(), "check");
        db.update("UPDATE asmm8_scan_run SET startedat = now() - interval '2 hours' WHERE id = ?", id);
        Duration workTimeout = Duration.ofHours(1);
        assertEquals(List.of(new QueuedScanRepository.Queued(id, "stale.test", "check")), staleOf("stale.test", workTimeout));
        assertEquals(List.of(), staleOf("stale.test", workTimeout), "not again before another hour");
    }

    private static List<QueuedScanRepository.Queued> staleOf(String domain, Duration age) throws Exception {
        return queued.stale(age).stream().filter(q -> q.domain().equals(domain)).toList();
    }
}
