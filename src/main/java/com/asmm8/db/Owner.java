package com.asmm8.db;

import java.lang.management.ManagementFactory;

/** Who owns a running row: {@code host:pid} of the process, and whether that process is gone. */
public final class Owner {

    /** This process. */
    public static final String ME = host() + ":" + ProcessHandle.current().pid();

    private Owner() {
    }

    /**
     * True when {@code owner} names a process of this host that no longer exists (a crash or a
     * kill -9). Called at start-up, before this process owns anything: a row that names this very
     * pid was left by an earlier process that had the same pid (containers: always 1).
     */
    public static boolean isGone(String owner) {
        String prefix = host() + ":";
        if (owner == null || !owner.startsWith(prefix)) {
            return false;
        }
        try {
            long p = Long.parseLong(owner.substring(prefix.length()));
            return p == ProcessHandle.current().pid() || !ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
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
