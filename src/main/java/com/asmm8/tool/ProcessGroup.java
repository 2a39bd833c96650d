package com.asmm8.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A tool's process group: the tool is its leader (started through {@code setsid}, its pid is the
 * group's and the session's id), every process it starts is a member, and stays one when its
 * parent dies and it is re-parented. Java cannot signal a group ({@code kill(-pgid)}), so the
 * members are found in /proc (same group or same session) and signalled one by one, leader
 * first, in rounds until none is left: a member forked while a round runs is caught by the next.
 *
 * <p>A group id is the leader's pid. Linux never gives a pid to a new process while a group or
 * session of that id has members, so while the leader with its recorded start time exists, or
 * members remain, the group is the tool's. The one doubt is a leader that is gone: its group may
 * have emptied and its id been reused. Then only members that carry the tool's {@link #MARKER}
 * variable with the expected value in their environment (inherited from the tool) are signalled.
 */
public final class ProcessGroup {

    /** The environment variable every tool process gets (the scan's staging folder). */
    public static final String MARKER = "ASMM8_STAGING";

    private static final long ROUND_PAUSE_MS = 20;
    private static final long KILL_WAIT_MS = 5000;

    private final long leader;
    private final long startTime;
    private final String marker;

    /**
     * @param leader the tool's pid, the group's id
     * @param startTime the tool's start time (/proc stat field 22); 0 when unknown
     * @param marker the value of {@link #MARKER} in the tool's environment
     */
    public ProcessGroup(long leader, long startTime, String marker) {
        this.leader = leader;
        this.startTime = startTime;
        this.marker = marker;
    }

    public long leader() {
        return leader;
    }

    /** True when the leader runs with its recorded start time (not a later process with its pid). */
    public boolean leaderRuns() {
        return startTime > 0 && ProcStat.read(leader).filter(s -> s.startTime() == startTime && s.running()).isPresent();
    }

    /** The running members (leader first), as far as they can be told to be this tool's. */
    public List<Long> members() {
        long self = ProcessHandle.current().pid();
        if (leader <= 1 || ProcStat.read(self).map(s -> s.pgrp() == leader || s.session() == leader).orElse(false)) {
            return List.of(); // never this process's own group or session, never init's
        }
        boolean proven = startTime > 0 && ProcStat.read(leader).filter(s -> s.startTime() == startTime).isPresent();
        List<Long> out = new ArrayList<>();
        if (proven && leaderRuns()) {
            out.add(leader); // also before setsid made it a leader, or where there is no setsid
        }
        for (long pid : ProcStat.pids()) {
            if (pid == self) {
                continue;
            }
            ProcStat.read(pid)
                    .filter(s -> s.running() && (s.pgrp() == leader || s.session() == leader))
                    .filter(s -> proven || carriesMarker(pid))
                    .filter(s -> !out.contains(s.pid()))
                    .ifPresent(s -> out.add(s.pid()));
        }
        out.sort((a, b) -> a == leader ? -1 : b == leader ? 1 : Long.compare(a, b));
        return out;
    }

    /**
     * SIGKILL to every member until none runs (at most 5 s: a process stuck in the kernel dies
     * when it returns; one this user may not signal stays). Returns how many processes were killed.
     */
    public int kill() {
        Set<Long> killed = new LinkedHashSet<>();
        long end = System.nanoTime() + KILL_WAIT_MS * 1_000_000;
        while (true) {
            List<Long> members = members();
            if (members.isEmpty() || System.nanoTime() > end) {
                return killed.size();
            }
            for (long pid : members) {
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                    killed.add(pid);
                }
            }
            try {
                Thread.sleep(ROUND_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return killed.size();
            }
        }
    }

    /** SIGTERM to every member, once (a polite stop, as a terminal's Ctrl-C was). Returns how many. */
    public int terminate() {
        int n = 0;
        for (long pid : members()) {
            if (ProcessHandle.of(pid).map(ProcessHandle::destroy).orElse(false)) {
                n++;
            }
        }
        return n;
    }

    /** True when the process's environment holds {@code MARKER=marker} (readable for our own user's processes). */
    private boolean carriesMarker(long pid) {
        if (marker == null || marker.isEmpty()) {
            return false;
        }
        try {
            byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            String wanted = MARKER + "=" + marker;
            for (String var : new String(env, StandardCharsets.UTF_8).split("\0")) {
                if (var.equals(wanted)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "process group " + leader;
    }
}
