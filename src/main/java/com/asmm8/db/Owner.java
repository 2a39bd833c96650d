package com.asmm8.db;

import com.asmm8.tool.ProcStat;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Who owns a running row: {@code host:pid:start} of the process (start: its start time in clock
 * ticks since boot, from /proc, so a recycled pid is never taken for the owner; absent where
 * /proc is not), and whether that process is gone.
 */
public final class Owner {

    private static final long PID = ProcessHandle.current().pid();

    /** This process. */
    public static final String ME = host() + ":" + PID + ProcStat.startTime(PID).map(t -> ":" + t).orElse("");

    /**
     * This daemon's node id when ASMM8_NODE_ID does not name one: host name and pid (what the
     * scan-run rows, the leases, {@code GET /scans}, JMX, the logs and the metrics show).
     */
    public static final String NODE = host() + ":" + PID;

    private Owner() {
    }

    /**
     * True when {@code owner} names a process of this host that no longer exists (a crash or a
     * kill -9), or whose pid now belongs to a process started at another time. Called at
     * start-up, before this process owns anything: a row that names this very pid without this
     * process's start time was left by an earlier process that had the same pid (containers:
     * always 1).
     */
    public static boolean isGone(String owner) {
        String prefix = host() + ":";
        if (owner == null || !owner.startsWith(prefix)) {
            return false;
        }
        try {
            String[] parts = owner.substring(prefix.length()).split(":");
            long p = Long.parseLong(parts[0]);
            Optional<Long> recorded = parts.length > 1 ? Optional.of(Long.parseLong(parts[1])) : Optional.empty();
            if (p == PID) {
                return !owner.equals(ME);
            }
            if (!ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)) {
                return true;
            }
            Optional<Long> now = ProcStat.startTime(p);
            return recorded.isPresent() && now.isPresent() && !recorded.get().equals(now.get());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** This machine's host name, as the JVM knows it. */
    public static String host() {
        String n = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        int at = n.indexOf('@');
        return at >= 0 ? n.substring(at + 1) : "localhost";
    }
}
