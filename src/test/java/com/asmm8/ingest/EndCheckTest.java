package com.asmm8.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.db.DomainRepository;
import com.asmm8.db.Fence;
import com.asmm8.db.InventoryWrites;
import com.asmm8.scan.PhaseReport;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanType;
import com.asmm8.scan.StepStatus;
import com.asmm8.support.FlakyDataSource;
import com.asmm8.support.TestDatabase;
import com.asmm8.support.WriteRoute;
import com.asmm8.tool.Phase;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a check (the end-check route of routes/45-write.yaml) against a real PostgreSQL: the
 * names that did not answer are marked not live in one statement, which is asked again while the
 * database is away and gives the phase up, flags untouched, once the outage bound is spent.
 */
class EndCheckTest {

    private static TestDatabase db;
    private static DomainRepository domains;

    @TempDir
    Path staging;

    @BeforeAll
    static void database() throws Exception {
        db = new TestDatabase().migrated();
        domains = new DomainRepository(db.dataSource());
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    /** A domain with two live names, and a check of it that began after they were seen; a.* answered. */
    private ScanRun checked() throws Exception {
        String domain = "end-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        UUID id = domains.ensure(domain, null).id();
        InventoryWrites writes = new InventoryWrites(db.dataSource());
        writes.upsert(Fence.none(id), "subfinder", List.of("a." + domain, "b." + domain));
        Thread.sleep(20); // the check begins after the names were stored
        ScanRun run = new ScanRun(UUID.randomUUID(), id, domain, ScanType.CHECK, new Timestamp(System.currentTimeMillis()), staging);
        run.startPhase(Phase.CHECK, true);
        writes.markLive(Fence.none(id), List.of("a." + domain));
        run.phaseReport(Phase.CHECK).status = StepStatus.OK;
        return run;
    }

    private List<List<String>> live(ScanRun run) throws Exception {
        return db.rows("SELECT name, live FROM cptm8hostname WHERE domainid = ? ORDER BY name", run.getDomainId());
    }

    @Test
    void theNamesThatDidNotAnswerAreMarkedNotLiveOnceTheDatabaseIsBack() throws Exception {
        FlakyDataSource flaky = new FlakyDataSource(db.dataSource());
        try (WriteRoute route = new WriteRoute(flaky.dataSource, Duration.ofMinutes(5), 100)) {
            ScanRun run = checked();
            flaky.down = true;
            CompletableFuture<Void> end = CompletableFuture.runAsync(() -> route.endCheck(run));
            Thread.sleep(1200); // the statement meets the outage and waits for its redelivery
            assertTrue(!end.isDone(), "waiting for the database, not given up");
            flaky.down = false;
            end.get(60, TimeUnit.SECONDS);
            assertEquals(List.of(List.of("a." + run.getDomain(), "true"), List.of("b." + run.getDomain(), "false")), live(run));
            PhaseReport report = run.phaseReport(Phase.CHECK);
            assertEquals(StepStatus.OK, report.status, String.valueOf(report.message));
            assertEquals(1, report.liveChanges.get());
        }
    }

    @Test
    void anOutageLongerThanTheBoundFailsThePhaseAndLeavesTheFlagsAsTheyWere() throws Exception {
        FlakyDataSource flaky = new FlakyDataSource(db.dataSource());
        try (WriteRoute route = new WriteRoute(flaky.dataSource, Duration.ofMillis(1500), 100)) {
            ScanRun run = checked();
            flaky.down = true;
            route.endCheck(run);
            flaky.down = false;
            PhaseReport report = run.phaseReport(Phase.CHECK);
            assertEquals(StepStatus.FAILED, report.status);
            assertTrue(report.message.startsWith("live flags of names that did not answer were left as they were: "), report.message);
            assertTrue(report.message.contains("Connection is not available"), report.message);
            assertEquals(List.of(List.of("a." + run.getDomain(), "true"), List.of("b." + run.getDomain(), "true")), live(run));
        }
    }

    @Test
    void aFailedCheckLeavesTheFlagsAsTheyWereAndSaysWhy() throws Exception {
        try (WriteRoute route = new WriteRoute(db.dataSource(), Duration.ofMinutes(1), 100)) {
            ScanRun run = checked();
            run.phaseReport(Phase.CHECK).status = StepStatus.FAILED;
            route.endCheck(run);
            assertEquals("live flags of names that did not answer were left as they were, since the resolver failed",
                    run.phaseReport(Phase.CHECK).message);
            assertEquals(List.of(List.of("a." + run.getDomain(), "true"), List.of("b." + run.getDomain(), "true")), live(run));
        }
    }
}
