package com.asmm8.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.db.DomainRepository;
import com.asmm8.db.LeaseRepository;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanType;
import com.asmm8.support.TestDatabase;
import com.asmm8.support.WriteRoute;
import com.asmm8.tool.OutputParser;
import com.asmm8.tool.Phase;
import com.asmm8.tool.ToolDefinition;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The write route (routes/45-write.yaml) against PostgreSQL: a batch is one upsert through the jdbc:
 * endpoint, credited to the tool that printed it even when the next tool already runs, and fenced
 * by the scan's lease.
 */
class WriteRouteTest {

    private static TestDatabase db;
    private static WriteRoute route;
    private static LeaseRepository leases;
    private static DomainRepository domains;

    @BeforeAll
    static void database() throws Exception {
        db = new TestDatabase().migrated();
        PGSimpleDataSource ds = db.dataSource();
        route = new WriteRoute(ds, Duration.ofMinutes(1), 1000);
        leases = new LeaseRepository(ds);
        domains = new DomainRepository(ds);
    }

    @AfterAll
    static void drop() throws Exception {
        route.close();
        db.close();
    }

    private static ToolDefinition tool(String name) {
        return new ToolDefinition(name, Phase.PASSIVE, name, List.of(), OutputParser.lines(), false, Duration.ofSeconds(5),
                null, List.of());
    }

    @Test
    void aBatchWrittenAfterTheNextToolStartedIsCreditedToTheToolThatPrintedIt() throws Exception {
        var d = domains.ensure("credit.test", null);
        ScanRun run = new ScanRun(UUID.randomUUID(), d.id(), d.name(), ScanType.PASSIVE, new Timestamp(0), Path.of("/nonexistent"));
        run.startPhase(Phase.PASSIVE, true);
        run.startTool(tool("failing-source"));
        run.startTool(tool("next-source")); // the batch of the first tool is written while the next one runs
        route.write(run, BatchWrites.INVENTORY, "failing-source", List.of("a.credit.test", "b.credit.test"));
        assertEquals(List.of(List.of("a.credit.test", "{failing-source}"), List.of("b.credit.test", "{failing-source}")),
                db.rows("SELECT name, sources FROM cptm8hostname WHERE domainid = ? ORDER BY name", d.id()));
        assertEquals(2, run.getNewHostnames());
    }

    @Test
    void aBatchAfterAnotherNodeTookTheDomainOverIsNotWrittenAndTheScanStopsWithTheReason() throws Exception {
        var d = domains.ensure("takeover.test", null);
        long token = leases.acquire(d.id(), "this-node", Duration.ofHours(1)).orElseThrow();
        ScanRun run = new ScanRun(UUID.randomUUID(), d.id(), d.name(), ScanType.PASSIVE, new Timestamp(0),
                Path.of("/nonexistent"), token);
        run.startPhase(Phase.PASSIVE, true);
        run.startTool(tool("gobuster"));
        route.write(run, BatchWrites.INVENTORY, null, List.of("a.takeover.test"));
        assertEquals(null, run.leaseLost());

        // this node missed its renewals; the lease expired and another node claimed the domain,
        // before this node's next renewal could tell it: only the fence in the statement stops the write
        db.update("UPDATE asmm8_domain_lease SET leaseuntil = now() - interval '1 minute' WHERE domainid = ?", d.id());
        leases.acquire(d.id(), "other-node", Duration.ofHours(1)).orElseThrow();
        route.write(run, BatchWrites.INVENTORY, null, List.of("late.takeover.test", "a.takeover.test"));

        assertEquals(List.of("a.takeover.test"), db.column("SELECT name FROM cptm8hostname WHERE domainid = ?", d.id()));
        assertTrue(run.isInterrupted(), "the scan here stops");
        assertTrue(run.leaseLost().contains("another node took the domain over"), run.leaseLost());
        assertEquals(2, run.writes().lostNames());
        assertTrue(run.writes().writeError().startsWith("not written: the lease on domain"), run.writes().writeError());
        // and writes nothing more, without asking the database
        route.write(run, BatchWrites.INVENTORY, null, List.of("later.takeover.test"));
        assertEquals("1", db.single("SELECT count(*) FROM cptm8hostname WHERE domainid = ?", d.id()));
    }
}
