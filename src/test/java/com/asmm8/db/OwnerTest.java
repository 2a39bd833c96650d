package com.asmm8.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.tool.ProcStat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A running row's owner is gone when its process died, or when its pid now runs another process. */
class OwnerTest {

    @Test
    void aLiveOwnerIsNotGoneAndADeadOneOrARecycledPidIs() throws Exception {
        Process live = new ProcessBuilder("sleep", "30").start();
        Process dead = new ProcessBuilder("true").start();
        try {
            assertTrue(dead.waitFor(10, TimeUnit.SECONDS));
            long start = ProcStat.startTime(live.pid()).orElseThrow();
            String host = Owner.host();
            assertFalse(Owner.isGone(host + ":" + live.pid() + ":" + start), "its process runs");
            assertFalse(Owner.isGone(host + ":" + live.pid()), "a row written before start times were recorded");
            assertTrue(Owner.isGone(host + ":" + live.pid() + ":" + (start - 1)), "the pid now runs another process");
            assertTrue(Owner.isGone(host + ":" + dead.pid() + ":" + start), "its process is gone");
            assertFalse(Owner.isGone("another-host:" + dead.pid()), "another host's rows are not judged here");
            assertFalse(Owner.isGone(Owner.ME), "this process");
            assertTrue(Owner.isGone(host + ":" + ProcessHandle.current().pid() + ":1"), "an earlier process with this pid");
        } finally {
            live.destroyForcibly();
        }
    }
}
