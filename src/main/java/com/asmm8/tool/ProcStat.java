package com.asmm8.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat} (Linux): the fields ASMM8 needs to tell a process and its
 * group apart from a later one that got the same pid. A pid is reused once its process is gone;
 * the pair (pid, start time) never is within one boot.
 *
 * @param pid field 1
 * @param state field 3 ({@code Z} zombie and {@code X} dead have ended: they are never signalled)
 * @param ppid field 4
 * @param pgrp field 5, the process group
 * @param session field 6
 * @param startTime field 22, clock ticks after boot when the process started
 */
public record ProcStat(long pid, char state, long ppid, long pgrp, long session, long startTime) {

    private static final Path PROC = Path.of("/proc");

    /** True while the process runs (not a zombie waiting to be reaped). */
    public boolean running() {
        return state != 'Z' && state != 'X' && state != 'x';
    }

    /** The stat of {@code pid}, or empty when no such process exists (or there is no /proc). */
    public static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The start time of {@code pid} (field 22), or empty when it does not exist. */
    public static Optional<Long> startTime(long pid) {
        return read(pid).map(ProcStat::startTime);
    }

    /**
     * Parses a stat line. The command name (field 2) is in parentheses and may itself hold spaces
     * and parentheses, so the fields after it are counted from the last {@code ')'}.
     */
    public static ProcStat parse(String line) {
        int open = line.indexOf(" (");
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        String[] f = line.substring(close + 1).trim().split(" +");
        // f[0] is field 3 (state), so field n is f[n - 3]
        if (f.length < 20 || f[0].length() != 1) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        try {
            return new ProcStat(Long.parseLong(line.substring(0, open).trim()), f[0].charAt(0), Long.parseLong(f[1]),
                    Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[19]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /proc stat line: " + line, e);
        }
    }

    /** The pids of /proc, in no order (empty without /proc). */
    public static long[] pids() {
        String[] names = PROC.toFile().list();
        if (names == null) {
            return new long[0];
        }
        long[] out = new long[names.length];
        int n = 0;
        for (String s : names) {
            if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
                out[n++] = Long.parseLong(s);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** This boot's id (a random UUID the kernel draws at boot), or "" when unknown. */
    public static String bootId() {
        try {
            return Files.readString(PROC.resolve("sys/kernel/random/boot_id")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** True when this machine has a readable /proc (Linux). */
    public static boolean available() {
        return read(ProcessHandle.current().pid()).isPresent();
    }
}
