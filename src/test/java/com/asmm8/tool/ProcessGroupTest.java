package com.asmm8.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Process groups of real processes (started through setsid, as the tool executor does): killing
 * one kills every member, children re-parented after their parent died included, and nothing
 * else; a group that cannot be proven the tool's is left alone.
 */
@Timeout(60)
class ProcessGroupTest {

    private final java.util.List<Long> groups = new java.util.ArrayList<>();

    /** A group led by bash: a child, a grandchild whose parent has exited (re-parented), and a foreground sleep. */
    private Process group(String marker, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("setsid", "bash", "-c", script);
        if (marker != null) {
            pb.environment().put(ProcessGroup.MARKER, marker);
        }
        Process p = pb.start();
        groups.add(p.pid());
        return p;
    }

    static List<ProcStat> running(long pgrp) {
        return Arrays.stream(ProcStat.pids()).mapToObj(ProcStat::read).flatMap(java.util.Optional::stream)
                .filter(s -> s.pgrp() == pgrp && s.running()).toList();
    }

    /**
     * Waits until the group has settled at {@code n} members: bash's forks show for an instant as
     * extra members (a subshell before it exits, a child before it execs its sleep), so a count
     * alone is a snapshot of a moving table; settled means every member but the leader runs sleep.
     */
    static void awaitMembers(long pgrp, int n) throws InterruptedException {
        for (int i = 0; i < 400 && !settled(pgrp, n); i++) {
            Thread.sleep(25);
        }
        assertEquals(n, running(pgrp).size(), "members of group " + pgrp + ": " + running(pgrp));
    }

    private static boolean settled(long pgrp, int n) {
        List<ProcStat> members = running(pgrp);
        return members.size() == n && members.stream().filter(s -> s.pid() != pgrp)
                .allMatch(s -> ProcessHandle.of(s.pid()).flatMap(h -> h.info().command()).map(c -> c.endsWith("/sleep")).orElse(false));
    }

    @AfterEach
    void killLeftovers() {
        for (long g : groups) {
            running(g).forEach(s -> ProcessHandle.of(s.pid()).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void killingAToolKillsItsWholeGroupIncludingReparentedChildrenAndNothingElse() throws Exception {
        Process bystander = new ProcessBuilder("sleep", "120").start();
        try {
            Process tool = group("m", "sleep 120 & (sleep 121 &); sleep 122");
            awaitMembers(tool.pid(), 3);
            assertTrue(running(tool.pid()).stream().anyMatch(s -> s.ppid() != tool.pid()), "a member was re-parented");
            long start = ProcStat.startTime(tool.pid()).orElseThrow();

            ProcessGroup g = new ProcessGroup(tool.pid(), start, "m");
            assertTrue(g.leaderRuns());
            assertEquals(tool.pid(), g.members().get(0), "the leader first");
            assertEquals(3, g.kill(), "the leader (bash, exec-ed into its last sleep), its child and the re-parented one");
            assertEquals(List.of(), running(tool.pid()));
            assertTrue(tool.waitFor(10, TimeUnit.SECONDS));
            assertTrue(bystander.isAlive(), "a process outside the group lives on");
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void aGroupWhoseLeaderPidNowBelongsToALaterProcessIsLeftAlone() throws Exception {
        Process other = group(null, "sleep 123 & sleep 124");
        awaitMembers(other.pid(), 3);
        long start = ProcStat.startTime(other.pid()).orElseThrow();
        ProcessGroup recorded = new ProcessGroup(other.pid(), start - 1, "m"); // the pid's earlier owner
        assertEquals(0, recorded.kill());
        assertEquals(3, running(other.pid()).size(), "not the recorded tool's group: untouched");
    }

    @Test
    void aGroupWhoseLeaderEndedIsKilledWhereItsMembersCarryTheToolsMarker() throws Exception {
        Process ours = group("scan-a", "sleep 125 & exec sleep 0.2");
        Process theirs = group("scan-b", "sleep 126 & exec sleep 0.2");
        long oursStart = ProcStat.startTime(ours.pid()).orElseThrow();
        long theirsStart = ProcStat.startTime(theirs.pid()).orElseThrow();
        assertTrue(ours.waitFor(10, TimeUnit.SECONDS) && theirs.waitFor(10, TimeUnit.SECONDS), "the leaders end");
        awaitMembers(ours.pid(), 1);
        awaitMembers(theirs.pid(), 1);

        assertEquals(1, new ProcessGroup(ours.pid(), oursStart, "scan-a").kill(), "the child left behind");
        assertEquals(List.of(), running(ours.pid()));
        assertEquals(0, new ProcessGroup(theirs.pid(), theirsStart, "scan-a").kill(), "another marker: not ours");
        assertEquals(1, running(theirs.pid()).size());
    }

    @Test
    void terminateAsksEveryMemberToStop() throws Exception {
        Process tool = group("m", "sleep 127 & (sleep 128 &); wait");
        awaitMembers(tool.pid(), 3);
        ProcessGroup g = new ProcessGroup(tool.pid(), ProcStat.startTime(tool.pid()).orElseThrow(), "m");
        assertEquals(3, g.terminate());
        assertTrue(tool.waitFor(10, TimeUnit.SECONDS));
        for (int i = 0; i < 200 && !running(tool.pid()).isEmpty(); i++) {
            Thread.sleep(25);
        }
        assertEquals(List.of(), running(tool.pid()));
    }
}
