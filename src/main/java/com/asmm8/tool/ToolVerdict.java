package com.asmm8.tool;

import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.scan.ToolOutcome;
import com.asmm8.tool.ToolProcessExecutor.ToolResult;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;

/**
 * Judges how a tool run ended: a failed start, a kill, a timeout, an end by a signal or a non-zero
 * exit is a failure with a readable reason (the last line of the tool's stderr for an exit status).
 *
 * @param failure the reason, or null when the run succeeded
 * @param exitLabel the outcome ({@link com.asmm8.scan.ToolOutcome}), as the tool-runs metric labels it
 */
public record ToolVerdict(String failure, String exitLabel) {

    /**
     * @param stopReason why the scan was stopped (cancel, shutdown), or null
     */
    public static ToolVerdict of(ToolDefinition tool, ToolResult result, String stopReason) {
        String label = result.getStartError() != null
                ? ToolOutcome.NOT_STARTED
                : stopReason != null
                        ? ToolOutcome.INTERRUPTED
                        : result.isTimedOut() ? ToolOutcome.TIMEOUT : result.getExitValue() == 0 ? ToolOutcome.OK : ToolOutcome.FAILED;
        String failure = null;
        if (result.getStartError() != null) {
            failure = tool.binary() + " could not be started: " + result.getStartError()
                    + (tool.install() == null ? "" : " (install: " + tool.install() + ")");
        } else if (stopReason != null) {
            failure = "killed: " + stopReason;
        } else if (result.isTimedOut()) {
            failure = tool.binary() + " ran longer than its timeout of " + tool.timeout().toSeconds()
                    + " s and was killed with its child processes";
        } else if (result.getExitValue() > 128 && result.getExitValue() < 160) {
            failure = tool.binary() + " was ended by signal " + (result.getExitValue() - 128) + " before it finished";
        } else if (result.getExitValue() != 0) {
            String err = tail(result.getStderrFile());
            failure = tool.binary() + " exited with status " + result.getExitValue() + (err.isEmpty() ? "" : ": " + err);
        }
        return new ToolVerdict(failure, label);
    }

    /** The last line of a tool's stderr (up to 300 characters), cleaned of escape codes; stack frames skipped. */
    static String tail(File f) {
        if (f == null || !f.exists()) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(f, "r")) {
            long len = raf.length();
            int n = (int) Math.min(len, 2000);
            byte[] buf = new byte[n];
            raf.seek(len - n);
            raf.readFully(buf);
            String[] lines = new String(buf, StandardCharsets.UTF_8).split("\r?\n|\r");
            for (int i = lines.length - 1; i >= 0; i--) {
                String l = HostnameNormalizer.strip(lines[i]);
                if (!l.isEmpty() && !l.startsWith("at ") && !l.matches("\\.\\.\\. \\d+ more")) {
                    return l.length() > 300 ? l.substring(0, 300) + "..." : l;
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }
}
