package com.asmm8.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.exec.ExecCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a tool run's end is judged: the reason a user reads in the scan record, and the metric label. */
class ToolVerdictTest {

    private static final ToolDefinition GOBUSTER = new ToolDefinition("gobuster", Phase.BRUTEFORCE, "gobuster",
            List.of("dns"), OutputParser.lines(), false, Duration.ofSeconds(90), "apt-get install gobuster", List.of());

    @TempDir
    Path dir;

    private ToolProcessExecutor.ToolResult result(int exit, boolean timedOut, String startError, String stderr) throws Exception {
        Path err = dir.resolve("err");
        Files.writeString(err, stderr);
        ExecCommand cmd = new ExecCommand("gobuster", List.of(), dir.toString(), 0L, null, null, null, false, LoggingLevel.OFF);
        return new ToolProcessExecutor.ToolResult(cmd, exit, timedOut, startError, null, err.toFile());
    }

    @Test
    void aZeroExitIsASuccess() throws Exception {
        ToolVerdict v = ToolVerdict.of(GOBUSTER, result(0, false, null, ""), null);
        assertNull(v.failure());
        assertEquals("ok", v.exitLabel());
    }

    @Test
    void aNonZeroExitNamesTheLastMeaningfulStderrLine() throws Exception {
        ToolVerdict v = ToolVerdict.of(GOBUSTER, result(1, false, null,
                "\u001b[31mError: the DNS Server returned the same IP for every domain\u001b[0m\n"
                        + "java.lang.X\n\tat some.Frame(X.java:1)\n... 3 more\n"),
                null);
        assertEquals("gobuster exited with status 1: java.lang.X", v.failure());
        ToolVerdict plain = ToolVerdict.of(GOBUSTER, result(3, false, null, "boom\n\n"), null);
        assertEquals("gobuster exited with status 3: boom", plain.failure());
        assertEquals("failed", plain.exitLabel());
    }

    @Test
    void aTimeoutAMissingBinaryAndAStopAreFailuresWithTheirReason() throws Exception {
        assertEquals("gobuster ran longer than its timeout of 90 s and was killed with its child processes",
                ToolVerdict.of(GOBUSTER, result(143, true, null, ""), null).failure());
        assertEquals("timeout", ToolVerdict.of(GOBUSTER, result(143, true, null, ""), null).exitLabel());
        ToolVerdict missing = ToolVerdict.of(GOBUSTER, result(-1, false, "No such file", ""), null);
        assertEquals("gobuster could not be started: No such file (install: apt-get install gobuster)", missing.failure());
        assertEquals("not_started", missing.exitLabel());
        assertEquals("gobuster was ended by signal 9 before it finished",
                ToolVerdict.of(GOBUSTER, result(137, false, null, ""), null).failure());
        // a tool killed because the scan was cancelled exits 0 or 143: it is a failure either way
        assertEquals("killed: the scan was cancelled",
                ToolVerdict.of(GOBUSTER, result(0, false, null, ""), "the scan was cancelled").failure());
    }
}
