package com.asmm8.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.db.DomainRepository;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanType;
import com.asmm8.support.FlakyDataSource;
import com.asmm8.support.TestDatabase;
import com.asmm8.support.WriteRoute;
import com.asmm8.tool.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches that meet a database outage wait on disk and are written, in order and credited to
 * their tool, once the database is back; what cannot be written within the bound is counted as
 * lost with the reason. The batches go through the write route (routes/45-write.yaml) to a real
 * PostgreSQL, unreachable while the test says so ({@link FlakyDataSource}). A name holding a NUL byte is one PostgreSQL refuses
 * (SQL state 22021).
 */
class SpoolerTest {

    private static TestDatabase db;
    private static DomainRepository domains;

    @TempDir
    Path staging;
    private WriteRoute route;
    private FlakyDataSource flaky;
    private UUID domainId;
    private String domain;

    @BeforeAll
    static void database() throws Exception {
        db = new TestDatabase().migrated();
        domains = new DomainRepository(db.dataSource());
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    private void route(Duration outageMax, int batchSize) throws Exception {
        flaky = new FlakyDataSource(db.dataSource());
        route = new WriteRoute(flaky.dataSource, outageMax, batchSize);
    }

    /** What the table holds of the scan's domain, in the order it was written: tool and name. */
    private List<String> written() throws Exception {
        List<String> out = new ArrayList<>();
        for (List<String> r : db.rows("SELECT sources[1], name FROM cptm8hostname WHERE domainid = ? "
                + "ORDER BY foundfirsttime, name", domainId)) {
            out.add(r.get(0) + " " + r.get(1));
        }
        return out;
    }

    private void batch(ScanRun run, String tool, List<String> names) {
        route.write(run, BatchWrites.INVENTORY, tool, names);
    }

    private ScanRun run() throws Exception {
        domain = "spool-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        domainId = domains.ensure(domain, null).id();
        ScanRun run = new ScanRun(UUID.randomUUID(), domainId, domain, ScanType.PASSIVE, new Timestamp(0), staging);
        run.startPhase(Phase.PASSIVE, true);
        return run;
    }

    private List<String> names(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "n" + i + "." + domain).toList();
    }

    private List<Path> spoolFiles() throws Exception {
        try (Stream<Path> s = Files.list(staging)) {
            return s.toList();
        }
    }

    @AfterEach
    void close() {
        if (route != null) {
            route.close();
        }
    }

    @Test
    void batchesWrittenDuringAnOutageWaitOnDiskAndAreWrittenInOrderWhenTheDatabaseIsBack() throws Exception {
        route(Duration.ofMinutes(5), 4);
        Spooler spooler = route.spooler;
        ScanRun run = run();
        batch(run, "subfinder", names(1, 3));
        flaky.down = true;
        batch(run, "subfinder", names(4, 9)); // meets the outage
        batch(run, "amass", names(10, 12)); // queues behind it without asking the database
        assertTrue(spooler.isSpooling(run));
        assertEquals(9, spooler.pending(run));
        assertTrue(!spoolFiles().isEmpty(), "the waiting names are on disk");
        assertTrue(!run.writes().awaitSettled(300), "not settled while names wait");

        flaky.down = false;
        assertTrue(run.writes().awaitSettled(20_000), "written once the database is back");
        List<String> expected = new ArrayList<>();
        names(1, 9).forEach(n -> expected.add("subfinder " + n));
        names(10, 12).forEach(n -> expected.add("amass " + n));
        assertEquals(expected, written());
        assertEquals(0, run.writes().lostNames());
        assertEquals(List.of(), spoolFiles(), "the spool is removed once written");
        assertTrue(!spooler.isSpooling(run));

        batch(run, "amass", names(13, 13)); // straight to the database again
        assertEquals("amass n13." + domain, written().get(written().size() - 1));
    }

    @Test
    void namesThatCannotBeWrittenWithinTheOutageBoundAreCountedAsLostWithTheReason() throws Exception {
        route(Duration.ofMillis(1500), 100);
        ScanRun run = run();
        flaky.down = true;
        batch(run, "dnsx", names(1, 50));
        batch(run, "dnsx", names(51, 70));
        assertTrue(run.writes().awaitSettled(20_000), "settled once given up");
        assertEquals(70, run.writes().lostNames());
        assertEquals(70, run.phaseReport(Phase.PASSIVE).lostNames);
        assertTrue(run.writes().writeError().startsWith("the database was unreachable for more than 1 s"), run.writes().writeError());
        assertTrue(run.writes().writeError().contains("Connection is not available"), run.writes().writeError());
        assertEquals(List.of(), spoolFiles(), "nothing is left on disk");
    }

    @Test
    void aBatchTheDatabaseRefusesIsLostAloneWhileTheOthersAreWritten() throws Exception {
        route(Duration.ofMinutes(5), 5);
        ScanRun run = run();
        flaky.down = true;
        batch(run, "gobuster", names(1, 5));
        List<String> refused = new ArrayList<>(names(6, 10));
        refused.set(1, "n7\u0000." + domain); // PostgreSQL refuses a NUL byte in text
        batch(run, "gobuster", refused);
        flaky.down = false;
        assertTrue(run.writes().awaitSettled(20_000));
        assertEquals(5, run.writes().lostNames());
        assertEquals(names(1, 5).stream().map(n -> "gobuster " + n).toList(), written());
        assertTrue(run.writes().writeError().contains("invalid byte sequence"), run.writes().writeError());
    }

    @Test
    void aChecksFindingsThatMeetAnOutageKeepTheirRecordsChangesAndLeadsOnceTheDatabaseIsBack() throws Exception {
        route(Duration.ofMinutes(5), 4);
        ScanRun run = run();
        String a = "a." + domain;
        String b = "b." + domain;
        batch(run, "asmm8-dns", List.of(a + "\tA 10.0.0.1\tCNAME -", b + "\tA 10.0.0.2\tCNAME -"));
        assertTrue(run.writes().awaitSettled(20_000));
        flaky.down = true;
        // the check sees a's address move and b become a CNAME to a name that does not exist
        route.write(run, BatchWrites.LIVE_FLAGS, "asmm8-dns-check", List.of(a + "\tA 10.0.0.9\tCNAME -",
                b + "\tA -\tCNAME gone." + domain + "\tLEAD - gone." + domain + " NXDOMAIN gone." + domain));
        assertTrue(!run.writes().awaitSettled(300), "waits while the database is away");
        assertEquals("0", db.single("SELECT count(*) FROM asmm8_record_change WHERE domainid = ?", domainId));
        flaky.down = false;
        assertTrue(run.writes().awaitSettled(20_000), "written once the database is back");
        assertEquals(
                List.of(List.of(a, "A", "10.0.0.1", "false"), List.of(a, "A", "10.0.0.9", "true"), List.of(b, "A", "10.0.0.2", "false"),
                        List.of(b, "CNAME", "gone." + domain, "true")),
                db.rows("SELECT h.name, r.type, r.value, r.current FROM asmm8_record r JOIN cptm8hostname h ON h.id = r.hostnameid "
                        + "WHERE h.domainid = ? ORDER BY 1, 2, 3", domainId));
        assertEquals(
                List.of(List.of(a, "A", "10.0.0.1", "10.0.0.9"), List.of(b, "A", "10.0.0.2", ""),
                        List.of(b, "CNAME", "", "gone." + domain)),
                db.rows("SELECT name, type, old, new FROM asmm8_record_change WHERE domainid = ? ORDER BY 1, 2", domainId));
        assertEquals(List.of(List.of(b, "gone." + domain, "NXDOMAIN")),
                db.rows("SELECT name, target, rcode FROM asmm8_takeover_lead WHERE domainid = ? AND current", domainId));
    }
}
