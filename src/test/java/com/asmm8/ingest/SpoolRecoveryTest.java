package com.asmm8.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.db.DomainRepository;
import com.asmm8.db.InventoryWrites;
import com.asmm8.db.ScanRunRepository;
import com.asmm8.scan.Staging;
import com.asmm8.support.TestDatabase;
import com.asmm8.tool.PidRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A process killed while the database was away leaves names spooled in its staging folder: the
 * next start keeps them when it removes the folder, and writes them, credited to their tools.
 */
class SpoolRecoveryTest {

    private static TestDatabase db;
    private static PGSimpleDataSource ds;
    @TempDir
    Path root;

    @BeforeAll
    static void database() throws Exception {
        db = new TestDatabase().migrated();
        ds = db.dataSource();
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    @Test
    void namesSpooledByAProcessKilledDuringAnOutageAreWrittenAtTheNextStart() throws Exception {
        DomainRepository domains = new DomainRepository(ds);
        ScanRunRepository runs = new ScanRunRepository(ds);
        InventoryWrites writes = new InventoryWrites(ds);
        var d = domains.ensure("crash.test", null);
        UUID id = UUID.randomUUID();
        assertTrue(runs.begin(id, d.id(), d.name(), "passive").isPresent());

        // the folder as kill -9 leaves it: owner gone, two spool files not yet replayed
        Path dir = Files.createDirectories(root.resolve("scan-" + id));
        Process owner = new ProcessBuilder("true").start();
        assertTrue(owner.waitFor(10, TimeUnit.SECONDS));
        PidRecord me = PidRecord.owner();
        new PidRecord(me.host(), me.boot(), owner.pid(), 1, 0, 0).write(dir.resolve(PidRecord.OWNER_FILE));
        Files.writeString(dir.resolve("spool-0-inventory.tsv"), "subfinder\ta.crash.test\nsubfinder\tb.crash.test\n");
        Files.writeString(dir.resolve("spool-1-inventory.tsv"), "crtsh\tc.crash.test\nsubfinder\ta.crash.test\n");

        Staging staging = new Staging(root);
        assertEquals(1, staging.removeAbandoned());
        assertFalse(Files.exists(dir));
        assertEquals(1, staging.spooled().size(), "the spools are kept");

        assertEquals(4, new SpoolRecovery(staging, runs, domains, writes, 1000).replayAll());
        assertEquals(List.of(List.of("a.crash.test", "{subfinder}"), List.of("b.crash.test", "{subfinder}"),
                List.of("c.crash.test", "{crtsh}")), db.rows("SELECT name, sources FROM cptm8hostname ORDER BY name"));
        assertEquals(List.of(), staging.spooled(), "written, then removed");
    }
}
