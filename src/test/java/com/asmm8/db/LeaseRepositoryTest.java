package com.asmm8.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.db.LeaseRepository.Claimed;
import com.asmm8.support.TestDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Domain leases against a real PostgreSQL: one holder per domain, expiry, fencing tokens, the due rule. */
class LeaseRepositoryTest {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration DAY = Duration.ofDays(1);

    private TestDatabase db;
    private LeaseRepository leases;
    private DomainRepository domains;
    private PGSimpleDataSource ds;

    @BeforeEach
    void start() throws Exception {
        db = new TestDatabase().migrated();
        ds = db.dataSource();
        leases = new LeaseRepository(ds);
        domains = new DomainRepository(ds);
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
    }

    private List<UUID> domains(int n) throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(domains.ensure("d" + i + ".lease.test", "acme").id());
        }
        return ids;
    }

    @Test
    void threeNodesClaimingAtOnceNeverGetTheSameDomain() throws Exception {
        domains(60);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<Claimed>>> claims = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (String node : List.of("a", "b", "c")) {
                    Callable<List<Claimed>> claim = () -> leases.claimDue(node, 2, TTL, DAY);
                    claims.add(pool.submit(claim));
                }
            }
            List<String> all = new ArrayList<>();
            for (Future<List<Claimed>> f : claims) {
                f.get(60, TimeUnit.SECONDS).forEach(c -> all.add(c.domain()));
            }
            assertEquals(60, all.size(), "30 claims of 2 took the 60 domains: " + all);
            assertEquals(60, new HashSet<>(all).size(), "no domain twice: " + all);
            assertEquals(List.of(), leases.claimDue("d", 10, TTL, DAY), "nothing left to claim");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerHolderIsFencedOut() throws Exception {
        UUID d = domains(1).get(0);
        long first = leases.acquire(d, "a", TTL).orElseThrow();
        assertTrue(leases.acquire(d, "b", TTL).isEmpty(), "held by a");
        assertEquals(Set.of(d), leases.renew(Map.of(d, first), TTL));

        db.update("UPDATE asmm8_domain_lease SET leaseuntil = now() - interval '1 hour'"); // a stopped renewing
        List<Claimed> taken = leases.claimDue("b", 5, TTL, DAY);
        assertEquals(1, taken.size());
        long second = taken.get(0).token();
        assertTrue(second > first, "a new fencing token");
        assertEquals("b", db.single("SELECT owner FROM asmm8_domain_lease"));

        assertEquals(Set.of(), leases.renew(Map.of(d, first), TTL), "a's renewal finds the lease lost");
        assertFalse(leases.release(d, first, new Timestamp(System.currentTimeMillis())), "a's release changes nothing");
        assertEquals("null", db.single("SELECT lastscanat FROM asmm8_domain_lease"));
        assertTrue(leases.release(d, second, null));
    }

    @Test
    void aDomainScannedWithinTheIntervalIsNotDueAndAnInterruptedOneIsDueAgain() throws Exception {
        List<UUID> ids = domains(2);
        List<Claimed> both = leases.claimDue("a", 5, TTL, DAY);
        assertEquals(2, both.size());
        Claimed done = both.get(0);
        Claimed interrupted = both.get(1);
        // scans that began an hour ago: within a day's interval, past a minute's (margins of an hour,
        // so no assertion hangs on the clocks of this process and the database)
        Timestamp anHourAgo = new Timestamp(System.currentTimeMillis() - Duration.ofHours(1).toMillis());
        leases.release(done.domainId(), done.token(), anHourAgo);
        leases.release(interrupted.domainId(), interrupted.token(), null);

        List<Claimed> again = leases.claimDue("b", 5, TTL, DAY);
        assertEquals(List.of(interrupted.domain()), again.stream().map(Claimed::domain).toList());
        // with a short interval the scanned one is due again
        leases.release(again.get(0).domainId(), again.get(0).token(), anHourAgo);
        Duration aMinute = Duration.ofMinutes(1);
        assertEquals(2, leases.claimDue("c", 5, TTL, aMinute).size());
        assertEquals(Set.copyOf(ids), new HashSet<>(db.column("SELECT domainid::text FROM asmm8_domain_lease")
                .stream().map(UUID::fromString).toList()));
    }

    @Test
    void aDisabledDomainIsNeverClaimedByThePoll() throws Exception {
        UUID d = domains(1).get(0);
        db.update("UPDATE cptm8domain SET enabled = false WHERE id = ?", d);
        assertEquals(List.of(), leases.claimDue("a", 5, TTL, DAY));
    }

    @Test
    void theNewHolderMarksTheFormerHoldersRunningScanInterruptedAndBeginsItsOwn() throws Exception {
        UUID d = domains(1).get(0);
        ScanRunRepository nodeA = new ScanRunRepository(ds, "node-a");
        ScanRunRepository nodeB = new ScanRunRepository(ds, "node-b");
        long a = leases.acquire(d, "node-a", TTL).orElseThrow();
        UUID runA = UUID.randomUUID();
        assertTrue(nodeA.begin(runA, d, "d0.lease.test", "passive", a).isPresent());
        db.update("UPDATE asmm8_domain_lease SET leaseuntil = now() - interval '1 hour'");
        long b = leases.claimDue("node-b", 1, TTL, DAY).get(0).token();

        UUID runB = UUID.randomUUID();
        assertTrue(nodeB.begin(runB, d, "d0.lease.test", "passive", b).isPresent());
        assertEquals(List.of("interrupted", "node-a"), db.rows("SELECT status, node FROM asmm8_scan_run WHERE id = ?", runA).get(0));
        assertTrue(db.single("SELECT error FROM asmm8_scan_run WHERE id = ?", runA).contains("taken over by node node-b"));
        // node A, still alive but fenced, cannot overwrite what B decided
        nodeA.finish(runA, "completed", "{}", 0, 0, 0, null);
        assertEquals("interrupted", db.single("SELECT status FROM asmm8_scan_run WHERE id = ?", runA));
        assertEquals(List.of("running", "node-b", Long.toString(b)),
                db.rows("SELECT status, node, leasetoken FROM asmm8_scan_run WHERE id = ?", runB).get(0));
    }
}
