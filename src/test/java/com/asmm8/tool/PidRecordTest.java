package com.asmm8.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pid records of a staging folder: what is written reads back, and an owner is judged gone
 * only when it is a process of this host whose pid is free, taken by a later process, or of an
 * earlier boot.
 */
@Timeout(30)
class PidRecordTest {

    @TempDir
    Path dir;

    @Test
    void aRecordReadsBackAsWritten() throws Exception {
        PidRecord r = PidRecord.owner().withTool(4301, 58794);
        Path f = PidRecord.toolFile(dir, 4301);
        r.write(f);
        assertEquals(".tool-4301", f.getFileName().toString());
        assertEquals(r, PidRecord.read(f).orElseThrow());
        assertTrue(Files.readString(f).contains("tool=4301 58794\n"), Files.readString(f));
        PidRecord owner = PidRecord.parse("host=h\nboot=b\nowner=12 34\n");
        assertEquals(new PidRecord("h", "b", 12, 34, 0, 0), owner);
        assertEquals(owner, PidRecord.parse(owner.format()));
    }

    @Test
    void aMalformedRecordIsRefusedAndReadsAsNone() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> PidRecord.parse("host=h\nboot=b\n"));
        assertThrows(IllegalArgumentException.class, () -> PidRecord.parse("host=h\nboot=b\nowner=12\n"));
        assertThrows(IllegalArgumentException.class, () -> PidRecord.parse("host=h\nboot=b\nowner=12 x\n"));
        assertThrows(IllegalArgumentException.class, () -> PidRecord.parse("host=h\nboot=b\nowner=-3 5\n"));
        Files.writeString(dir.resolve("half"), "host=h\nbo");
        assertTrue(PidRecord.read(dir.resolve("half")).isEmpty());
        assertTrue(PidRecord.read(dir.resolve("missing")).isEmpty());
    }

    @Test
    void thisProcessIsALiveOwner() {
        PidRecord me = PidRecord.owner();
        assertTrue(me.ownerRuns());
        assertFalse(me.ownerGone());
    }

    @Test
    void anOwnerWhosePidIsFreeIsGone() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        long start = ProcStat.startTime(p.pid()).orElseThrow();
        PidRecord r = ownedBy(p.pid(), start);
        assertFalse(r.ownerGone(), "runs");
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertTrue(r.ownerGone(), "its pid is free");
    }

    @Test
    void anOwnerWhosePidWasTakenByALaterProcessIsGone() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            long start = ProcStat.startTime(p.pid()).orElseThrow();
            assertTrue(ownedBy(p.pid(), start - 1).ownerGone(), "the pid is another process's now");
            assertTrue(p.isAlive());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void anOwnerOfAnEarlierBootIsGoneAndItsToolsAreNotLookedFor() {
        PidRecord me = PidRecord.owner();
        PidRecord earlier = new PidRecord(me.host(), "another-boot", me.ownerPid(), me.ownerStart(), 4301, 5);
        assertTrue(earlier.ownerGone());
        assertFalse(earlier.toolInThisBoot(), "pids of an earlier boot mean nothing now");
        assertTrue(me.withTool(4301, 5).toolInThisBoot());
    }

    @Test
    void anotherHostsOwnerIsNeverJudged() {
        PidRecord me = PidRecord.owner();
        PidRecord elsewhere = new PidRecord(me.host() + "-elsewhere", me.boot(), 999_999, 5, 4301, 5);
        assertFalse(elsewhere.ownerGone());
        assertFalse(elsewhere.ownerRuns());
        assertFalse(elsewhere.toolInThisBoot());
    }

    private static PidRecord ownedBy(long pid, long start) {
        PidRecord me = PidRecord.owner();
        return new PidRecord(me.host(), me.boot(), pid, start, 0, 0);
    }
}
