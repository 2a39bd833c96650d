package com.asmm8.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.tool.PidRecord;
import com.asmm8.tool.ProcStat;
import com.asmm8.tool.ProcessGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up clean-up of the staging root, shared by a daemon and scan commands: the folders of an
 * owner that is gone are removed at once with their tools' groups killed; a live owner's folder
 * and a folder that names no owner are left (the latter to the age sweep), unless it has named
 * none for seconds (its process died as it made it).
 */
@Timeout(60)
class StagingTest {

    @TempDir
    Path root;

    /** A folder as a process that was killed -9 leaves it: its owner gone, one tool recorded (and maybe running). */
    private void abandon(Path dir, Process tool) throws Exception {
        Process owner = new ProcessBuilder("true").start();
        assertTrue(owner.waitFor(10, TimeUnit.SECONDS));
        PidRecord me = PidRecord.owner();
        PidRecord gone = new PidRecord(me.host(), me.boot(), owner.pid(), 1, 0, 0);
        Files.createDirectories(dir);
        gone.write(dir.resolve(PidRecord.OWNER_FILE));
        gone.withTool(tool.pid(), ProcStat.startTime(tool.pid()).orElseThrow()).write(PidRecord.toolFile(dir, tool.pid()));
        Files.writeString(dir.resolve("spawn.stdout"), "a.example.com\n");
    }

    @Test
    void theFolderOfAGoneOwnerIsRemovedWithItsToolsGroupKilled() throws Exception {
        Staging staging = new Staging(root);
        Path dir = root.resolve("scan-" + UUID.randomUUID());
        Process tool = new ProcessBuilder("setsid", "bash", "-c", "sleep 140 & sleep 141").start();
        try {
            abandon(dir, tool);
            assertEquals(1, staging.removeAbandoned());
            assertFalse(Files.exists(dir));
            assertTrue(tool.waitFor(10, TimeUnit.SECONDS), "the tool was killed");
            assertEquals(0, new ProcessGroup(tool.pid(), 0, dir.toString()).members().size(), "and its child");
        } finally {
            tool.destroyForcibly();
            new ProcessGroup(tool.pid(), 0, dir.toString()).kill();
        }
    }

    @Test
    void aLiveOwnersFolderAndAFolderNamingNoOwnerAreLeftAlone() throws Exception {
        Staging staging = new Staging(root);
        Path mine = staging.create(UUID.randomUUID());
        Path unowned = Files.createDirectories(root.resolve("scan-" + UUID.randomUUID()));
        assertEquals(0, staging.removeAbandoned());
        assertTrue(Files.isDirectory(mine));
        assertTrue(Files.isDirectory(unowned));

        // a day later: the sweep removes the folder naming no owner, never the live owner's
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(48)));
        Files.setLastModifiedTime(mine, old);
        Files.setLastModifiedTime(unowned, old);
        assertEquals(1, staging.sweep(Duration.ofHours(24)));
        assertTrue(Files.isDirectory(mine));
        assertFalse(Files.exists(unowned));
    }

    @Test
    void aFolderLeftWithoutItsOwnersRecordByAProcessKilledAsItMadeItIsRemovedOnceItIsSecondsOld() throws Exception {
        Staging staging = new Staging(root);
        Path unrecorded = Files.createDirectories(root.resolve("scan-" + UUID.randomUUID()));
        Files.setLastModifiedTime(unrecorded, FileTime.from(Instant.now().minus(Staging.UNRECORDED).minusSeconds(5)));
        // a process killed while it made a scan folder (in .making-<its pid>-<its start>)
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Path making = Files.createDirectories(root.resolve(".making-" + gone.pid() + "-1").resolve("scan-" + UUID.randomUUID()))
                .getParent();
        Path fresh = Files.createDirectories(root.resolve("scan-" + UUID.randomUUID()));
        assertEquals(2, staging.removeAbandoned());
        assertFalse(Files.exists(unrecorded));
        assertFalse(Files.exists(making));
        Path made = staging.create(UUID.randomUUID());
        assertTrue(Files.exists(made.resolve(PidRecord.OWNER_FILE)), "a folder is made with its owner's record in it");
        assertEquals(0, staging.removeAbandoned(), "this live process's .making folder is left alone");
        assertTrue(Files.isDirectory(made));
        assertTrue(Files.isDirectory(fresh), "a folder being made now is left alone");
    }
}
