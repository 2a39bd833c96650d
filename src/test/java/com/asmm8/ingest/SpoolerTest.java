package com.asmm8.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.db.DbRetry;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanType;
import com.asmm8.tool.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches that meet a database outage wait on disk and are written, in order and credited to
 * their tool, once the database is back; what cannot be written within the bound is counted as
 * lost with the reason. The "database" is a sink that fails as the PostgreSQL driver and the pool
 * fail while the server is down (a transient connection error) or refuses one batch (SQL state 22).
 */
class SpoolerTest {

    @TempDir
    Path staging;
    private Spooler spooler;

    /** A sink in front of a database that is down while {@code down} is set. */
    static final class FlakySink extends BatchSink {
        volatile boolean down;
        volatile String refuse;
        final List<String> written = Collections.synchronizedList(new ArrayList<>());

        FlakySink(Spooler spooler) {
            super(spooler);
        }

        @Override
        public String kind() {
            return InventorySink.KIND;
        }

        @Override
        protected void write(ScanRun run, String tool, List<String> names) throws SQLException {
            if (down) {
                throw new SQLTransientConnectionException("asmm8 - Connection is not available, request timed out after 10000ms");
            }
            if (refuse != null && names.contains(refuse)) {
                throw new SQLException("invalid byte sequence for encoding \"UTF8\"", "22021");
            }
            for (String n : names) {
                written.add(tool + " " + n);
            }
        }
    }

    private ScanRun run() {
        ScanRun run = new ScanRun(UUID.randomUUID(), UUID.randomUUID(), "example.com", ScanType.PASSIVE, new Timestamp(0), staging);
        run.startPhase(Phase.PASSIVE, true);
        return run;
    }

    private static void batch(BatchSink sink, ScanRun run, String tool, List<String> names) {
        names.forEach(n -> run.writes().handedOver());
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        ex.setProperty(ScanExchange.SCAN, run);
        ex.setProperty(ScanExchange.TOOL, tool);
        ex.getMessage().setBody(names);
        sink.write(ex);
    }

    private static List<String> names(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "n" + i + ".example.com").toList();
    }

    private List<Path> spoolFiles() throws Exception {
        try (Stream<Path> s = Files.list(staging)) {
            return s.toList();
        }
    }

    @AfterEach
    void close() {
        if (spooler != null) {
            spooler.close();
        }
    }

    @Test
    void batchesWrittenDuringAnOutageWaitOnDiskAndAreWrittenInOrderWhenTheDatabaseIsBack() throws Exception {
        spooler = new Spooler(new DbRetry(Duration.ofMinutes(5)), 4);
        FlakySink sink = new FlakySink(spooler);
        ScanRun run = run();
        batch(sink, run, "subfinder", names(1, 3));
        sink.down = true;
        batch(sink, run, "subfinder", names(4, 9));   // meets the outage
        batch(sink, run, "amass", names(10, 12));     // queues behind it without asking the database
        assertTrue(spooler.isSpooling(run));
        assertEquals(9, spooler.pending(run));
        assertTrue(!spoolFiles().isEmpty(), "the waiting names are on disk");
        assertTrue(!run.writes().awaitSettled(300), "not settled while names wait");

        sink.down = false;
        assertTrue(run.writes().awaitSettled(20_000), "written once the database is back");
        List<String> expected = new ArrayList<>();
        names(1, 9).forEach(n -> expected.add("subfinder " + n));
        names(10, 12).forEach(n -> expected.add("amass " + n));
        assertEquals(expected, sink.written);
        assertEquals(0, run.writes().lostNames());
        assertEquals(List.of(), spoolFiles(), "the spool is removed once written");
        assertTrue(!spooler.isSpooling(run));

        batch(sink, run, "amass", names(13, 13)); // straight to the database again
        assertEquals("amass n13.example.com", sink.written.get(sink.written.size() - 1));
    }

    @Test
    void namesThatCannotBeWrittenWithinTheOutageBoundAreCountedAsLostWithTheReason() throws Exception {
        spooler = new Spooler(new DbRetry(Duration.ofMillis(1500)), 100);
        FlakySink sink = new FlakySink(spooler);
        ScanRun run = run();
        sink.down = true;
        batch(sink, run, "dnsx", names(1, 50));
        batch(sink, run, "dnsx", names(51, 70));
        assertTrue(run.writes().awaitSettled(20_000), "settled once given up");
        assertEquals(70, run.writes().lostNames());
        assertEquals(70, run.phaseReport(Phase.PASSIVE).lostNames);
        assertTrue(run.writes().writeError().startsWith("the database was unreachable for more than 1 s"), run.writes().writeError());
        assertTrue(run.writes().writeError().contains("Connection is not available"), run.writes().writeError());
        assertEquals(List.of(), spoolFiles(), "nothing is left on disk");
    }

    @Test
    void aBatchTheDatabaseRefusesIsLostAloneWhileTheOthersAreWritten() throws Exception {
        spooler = new Spooler(new DbRetry(Duration.ofMinutes(5)), 5);
        FlakySink sink = new FlakySink(spooler);
        ScanRun run = run();
        sink.down = true;
        batch(sink, run, "gobuster", names(1, 5));
        batch(sink, run, "gobuster", names(6, 10));
        sink.refuse = "n7.example.com";
        sink.down = false;
        assertTrue(run.writes().awaitSettled(20_000));
        assertEquals(5, run.writes().lostNames());
        assertEquals(names(1, 5).stream().map(n -> "gobuster " + n).toList(), sink.written);
        assertTrue(run.writes().writeError().contains("invalid byte sequence"), run.writes().writeError());
    }
}
