package com.asmm8.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.tool.ToolProcessExecutor;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The scans of this process: one claim per domain, cancel by id, released when a run ends. */
class ActiveScansTest {

    @Test
    void aDomainIsClaimedOnceUntilItsRunEnds() {
        ActiveScans active = new ActiveScans(new ToolProcessExecutor());
        assertTrue(active.claim("example.com"));
        assertFalse(active.claim("example.com"));
        ScanRun run = new ScanRun(UUID.randomUUID(), UUID.randomUUID(), "example.com", ScanType.PASSIVE,
                new Timestamp(0), Path.of("/nonexistent/scan"));
        active.started(run);
        assertEquals(1, active.count());
        assertEquals(run, active.find(run.getId()).orElseThrow());

        assertTrue(active.cancel(run.getId()));
        assertTrue(run.isCancelled());
        assertEquals(ScanStatus.CANCELLED, run.outcome());
        assertFalse(active.cancel(UUID.randomUUID()), "not a scan of this process");

        active.ended(run);
        assertEquals(0, active.count());
        assertTrue(active.claim("example.com"), "free again once the run ended");
    }

    @Test
    void shutdownDoesNotWaitForARunThatOnlyWaitsToRecordItsEnd() {
        ActiveScans active = new ActiveScans(new ToolProcessExecutor());
        ScanRun run = new ScanRun(UUID.randomUUID(), UUID.randomUUID(), "pending.test", ScanType.PASSIVE,
                new Timestamp(0), Path.of("/nonexistent/scan"));
        active.claim("pending.test");
        active.started(run);
        run.endPending(true); // ended while the database was away
        active.shutdown(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1));
        assertFalse(run.isInterrupted(), "not waited for, nor interrupted: its outcome stands");
        assertEquals(1, active.count(), "still this process's until its end is written");
    }
}
