package com.asmm8.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.db.DomainRepository;
import com.asmm8.db.LeaseRepository;
import com.asmm8.support.TestDatabase;
import com.asmm8.tool.ToolProcessExecutor;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A node's leases against a real PostgreSQL: a renewal that finds another node's token stops the
 * scan here (interrupted, nothing more written); a domain that leaves the node gives its lease
 * back, with the time of its scan unless it was interrupted.
 */
class LeasesTest {

    private TestDatabase db;
    private DomainRepository domains;
    private LeaseRepository repo;
    private ActiveScans active;
    private Leases leases;
    @TempDir
    Path staging;

    @BeforeEach
    void start() throws Exception {
        db = new TestDatabase().migrated();
        PGSimpleDataSource ds = db.dataSource();
        domains = new DomainRepository(ds);
        repo = new LeaseRepository(ds);
        active = new ActiveScans(new ToolProcessExecutor());
        // a time to live of an hour: the background renewal (every third of it) never runs during a
        // test, so only the test's own renew() calls and expiries move the leases
        leases = new Leases(repo, active, "node-a", Duration.ofHours(1), Duration.ofDays(1));
    }

    @AfterEach
    void stop() throws Exception {

        db.close();
    }

    private ScanRun running(UUID domainId, String domain) {
        ScanRun run = new ScanRun(UUID.randomUUID(), domainId, domain, ScanType.PASSIVE,
                new Timestamp(System.currentTimeMillis()), staging);
        active.started(run);
        return run;
    }

    @Test
    void aRenewalThatFindsAnotherNodesTokenStopsTheScanHere() throws Exception {
        UUID d = domains.ensure("lost.test", "acme").id();
        List<ScanRequest> claimed = leases.claimDue(ScanType.PASSIVE, 2);
        assertEquals(List.of(new ScanRequest("lost.test", ScanType.PASSIVE)), claimed);
        ScanRun run = running(d, "lost.test");
        leases.renew();
        assertNull(run.leaseLost(), "still held");

        // this node was too slow: its lease expired and node b claimed the domain
        db.update("UPDATE asmm8_domain_lease SET leaseuntil = now() - interval '1 hour'");
        Duration ttl = Duration.ofSeconds(30);
        Duration interval = Duration.ofDays(1);
        assertEquals(1, repo.claimDue("node-b", 1, ttl, interval).size());
        leases.renew();
        assertTrue(run.leaseLost() != null && run.leaseLost().contains("node-a lost its lease on lost.test"), run.leaseLost());
        assertTrue(run.isInterrupted());
        assertEquals(ScanStatus.INTERRUPTED, run.outcome());
        assertEquals(0, leases.count());
        // ending here gives nothing back: node b's lease stays
        active.ended(run);
        assertEquals(List.of("node-b", "true"), db.rows("SELECT owner, leaseuntil > now() FROM asmm8_domain_lease").get(0));
    }

    @Test
    void aScanCarriedOutGivesTheLeaseBackWithItsTimeAndAnInterruptedOneWithout() throws Exception {
        UUID done = domains.ensure("done.test", "acme").id();
        UUID cut = domains.ensure("cut.test", "acme").id();
        assertEquals(2, leases.claimDue(ScanType.PASSIVE, 5).size());
        ScanRun a = running(done, "done.test");
        ScanRun b = running(cut, "cut.test");
        leases.finished(a, ScanStatus.COMPLETED);
        leases.finished(b, ScanStatus.INTERRUPTED);
        active.ended(a);
        active.ended(b);
        assertEquals(List.of(List.of("cut.test", "false", "null"), List.of("done.test", "false", "true")),
                db.rows("SELECT d.name, coalesce(l.leaseuntil > now(), false), (l.lastscanat IS NOT NULL)::text "
                        + "FROM asmm8_domain_lease l JOIN cptm8domain d ON d.id = l.domainid ORDER BY d.name")
                        .stream().map(r -> List.of(r.get(0), r.get(1), "false".equals(r.get(2)) ? "null" : r.get(2))).toList());
        // the interrupted one is due again at once, the other not before the interval
        assertEquals(List.of(new ScanRequest("cut.test", ScanType.PASSIVE)), leases.claimDue(ScanType.PASSIVE, 5));
    }
}
