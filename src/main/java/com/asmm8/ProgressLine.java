package com.asmm8;

import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ToolReport;
import com.asmm8.tool.Phase;
import com.asmm8.tool.ToolDefinition;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The progress line of the one-shot {@code scan} on stderr: the phase, its tool, names (or words)
 * done of total and names found, from the running tool's report (the DNS engine's counters).
 * Drawn only when stderr is a terminal, over itself ({@code \r}), and wiped at the end.
 */
final class ProgressLine {

    private final PrintStream err;
    private int width;

    ProgressLine(PrintStream err) {
        this.err = err;
    }

    /** Whether stderr is a terminal: where file descriptor 2 points (Linux), else whether there is a console. */
    static boolean stderrIsTerminal() {
        try {
            return isTerminal(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString());
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    /** A terminal device ({@code /dev/pts/3}, {@code /dev/tty1}), not a pipe or a file. */
    static boolean isTerminal(String fd2Target) {
        return fd2Target.startsWith("/dev/pts/") || fd2Target.startsWith("/dev/tty");
    }

    /** The line for a running scan, or null before its first phase. */
    static String line(ScanRun run) {
        Phase phase = run.getPhase();
        if (phase == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("asmm8: ").append(phase.id());
        ToolDefinition tool = run.getTool();
        ToolReport t = run.toolReport();
        if (tool != null && tool.phase() == phase && t != null) {
            sb.append(" (").append(tool.name()).append(')');
            if (t.total != null && t.done != null) {
                sb.append(": ").append(t.done.get()).append('/').append(t.total)
                        .append(phase == Phase.BRUTEFORCE ? " words" : " names");
                sb.append(", ").append(t.found != null ? t.found.get() : t.accepted.get()).append(" found");
            } else {
                sb.append(": ").append(t.accepted.get()).append(" names found");
            }
        }
        return sb.toString();
    }

    /** Draws the line over the previous one. */
    void show(ScanRun run) {
        String s = line(run);
        if (s == null) {
            return;
        }
        err.print("\r" + s + " ".repeat(Math.max(0, width - s.length())));
        err.flush();
        width = s.length();
    }

    /** Wipes the line (before the summary). */
    void clear() {
        if (width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
    }
}
