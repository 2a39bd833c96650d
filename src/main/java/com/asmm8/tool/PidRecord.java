package com.asmm8.tool;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who owns a scan's staging folder, and which tool process runs in it: a small text file in the
 * folder ({@link #OWNER_FILE} from its creation, one {@link #TOOL_PREFIX}{@code <pid>} per running
 * tool, removed when the tool ends). Processes are named by pid and start time (/proc stat field
 * 22) on a host and boot, so a pid reused by a later process is never taken for the recorded one.
 * After a kill -9 the files stay and tell the next process to start what to kill and remove.
 *
 * <pre>
 * host=scanner-1
 * boot=6f1c...        (/proc/sys/kernel/random/boot_id)
 * owner=4242 981234   (the daemon's or the scan command's pid and start time)
 * tool=4301 981877    (only in a tool's file)
 * </pre>
 *
 * @param toolPid 0 in the owner's file
 */
public record PidRecord(String host, String boot, long ownerPid, long ownerStart, long toolPid, long toolStart) {

    public static final String OWNER_FILE = ".owner";
    public static final String TOOL_PREFIX = ".tool-";

    private static final String HOST = host0();
    private static final String BOOT = ProcStat.bootId();

    /** This process, as the owner of what it stages. */
    public static PidRecord owner() {
        long pid = ProcessHandle.current().pid();
        return new PidRecord(HOST, BOOT, pid, ProcStat.startTime(pid).orElse(0L), 0, 0);
    }

    /** The same owner, running the tool {@code pid} that started at {@code start}. */
    public PidRecord withTool(long pid, long start) {
        return new PidRecord(host, boot, ownerPid, ownerStart, pid, start);
    }

    /** The file a tool's record is kept in. */
    public static Path toolFile(Path dir, long pid) {
        return dir.resolve(TOOL_PREFIX + pid);
    }

    /** True when this record was written on this machine (another host's processes are never judged). */
    public boolean onThisHost() {
        return HOST.equals(host);
    }

    /**
     * True when the owner was a process of this host that no longer runs: this host rebooted since,
     * or its pid is free or taken by a process with another start time. False for a live owner,
     * for another host's, and whenever it cannot be told (no /proc).
     */
    public boolean ownerGone() {
        if (!onThisHost() || BOOT.isEmpty() || boot.isEmpty() || ownerStart <= 0) {
            return false;
        }
        return !BOOT.equals(boot) || !ownerRuns();
    }

    /** True when the owner is a running process of this host and boot: the same pid with the same start time. */
    public boolean ownerRuns() {
        return onThisHost() && !BOOT.isEmpty() && BOOT.equals(boot) && ownerStart > 0
                && ProcStat.read(ownerPid).filter(s -> s.startTime() == ownerStart && s.running()).isPresent();
    }

    /** True when the tool's processes could still run: recorded in this boot of this host. */
    public boolean toolInThisBoot() {
        return toolPid > 1 && onThisHost() && !BOOT.isEmpty() && BOOT.equals(boot);
    }

    public String format() {
        return "host=" + host + "\nboot=" + boot + "\nowner=" + ownerPid + " " + ownerStart + "\n"
                + (toolPid > 0 ? "tool=" + toolPid + " " + toolStart + "\n" : "");
    }

    /** Parses {@link #format}'s text; unknown keys are ignored, missing or malformed ones refused. */
    public static PidRecord parse(String text) {
        Map<String, String> kv = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        if (!kv.containsKey("host") || !kv.containsKey("boot") || !kv.containsKey("owner")) {
            throw new IllegalArgumentException("not a pid record (host, boot and owner are required): " + text);
        }
        long[] owner = pair(kv.get("owner"));
        long[] tool = kv.containsKey("tool") ? pair(kv.get("tool")) : new long[]{0, 0};
        return new PidRecord(kv.get("host"), kv.get("boot"), owner[0], owner[1], tool[0], tool[1]);
    }

    private static long[] pair(String s) {
        String[] p = s.split(" +");
        try {
            long[] v = {Long.parseLong(p[0]), p.length > 1 ? Long.parseLong(p[1]) : -1};
            if (p.length != 2 || v[0] <= 0 || v[1] < 0) {
                throw new IllegalArgumentException("not a 'pid starttime' pair: " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a 'pid starttime' pair: " + s, e);
        }
    }

    /** Writes the record so that a reader sees all of it or nothing (a temporary file, then a rename). */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(".writing" + file.getFileName());
        Files.writeString(tmp, format(), StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The record in {@code file}; empty when it is missing or unreadable. */
    public static Optional<PidRecord> read(Path file) {
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The host name as the JVM knows it (the same as the owner column of the scan-run rows). */
    private static String host0() {
        String n = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        int at = n.indexOf('@');
        return at >= 0 ? n.substring(at + 1) : "localhost";
    }
}
