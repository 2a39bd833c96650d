package com.asmm8.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.exec.ExecCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool executor with real processes: a tool runs in a process group of its own, recorded in
 * its staging folder while it runs, and leaves no process behind when it is killed or ends.
 */
@Timeout(60)
class ToolProcessExecutorTest {

    @TempDir
    Path dir;

    private ExecCommand bash(String script, long timeoutMs) {
        return new ExecCommand("bash", List.of("-c", script), dir.toString(), timeoutMs, null, null,
                dir.resolve("t.stdout").toFile(), false, LoggingLevel.OFF);
    }

    private List<Path> records() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PidRecord.TOOL_PREFIX)).toList();
        }
    }

    @Test
    void aToolRunsInAGroupOfItsOwnRecordedWhileItRunsAndKillingItKillsTheGroup() throws Exception {
        ToolProcessExecutor executor = new ToolProcessExecutor();
        CompletableFuture<ToolProcessExecutor.ToolResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return (ToolProcessExecutor.ToolResult) executor.execute(bash("sleep 130 & (sleep 131 &); sleep 132", 60_000));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 200 && (records().isEmpty() || ProcessGroupTest.running(pid(records())).size() < 3); i++) {
            Thread.sleep(25);
        }
        PidRecord r = PidRecord.read(records().get(0)).orElseThrow();
        assertEquals(PidRecord.owner().withTool(r.toolPid(), r.toolStart()), r, "this process owns it");
        ProcStat leader = ProcStat.read(r.toolPid()).orElseThrow();
        assertEquals(r.toolPid(), leader.pgrp(), "the tool leads a group of its own");
        assertEquals(r.toolStart(), leader.startTime());
        assertEquals(3, ProcessGroupTest.running(r.toolPid()).size());

        assertEquals(1, executor.killAll(dir.toString()));
        ToolProcessExecutor.ToolResult result = run.get(30, TimeUnit.SECONDS);
        assertEquals(137, result.getExitValue(), "killed");
        assertEquals(List.of(), ProcessGroupTest.running(r.toolPid()), "nothing of the group left");
        assertEquals(List.of(), records(), "the record is removed when the tool ends");
    }

    @Test
    void aToolThatEndsLeavingAChildBehindHasItKilled() throws Exception {
        ToolProcessExecutor.ToolResult result = (ToolProcessExecutor.ToolResult) new ToolProcessExecutor()
                .execute(bash("sleep 133 & echo $$", 60_000));
        assertEquals(0, result.getExitValue());
        long leader = Long.parseLong(Files.readString(result.getStdoutFile().toPath()).trim());
        assertEquals(List.of(), ProcessGroupTest.running(leader), "the background sleep died with its tool");
        assertEquals(List.of(), records());
    }

    @Test
    void aBinaryThatCannotRunIsAStartError() throws Exception {
        ExecCommand c = new ExecCommand(dir.resolve("no-such-tool").toString(), List.of(), dir.toString(), 1000L, null, null,
                dir.resolve("t.stdout").toFile(), false, LoggingLevel.OFF);
        ToolProcessExecutor.ToolResult result = (ToolProcessExecutor.ToolResult) new ToolProcessExecutor().execute(c);
        assertNotNull(result.getStartError());
        assertTrue(result.getStartError().contains("no-such-tool"), result.getStartError());
        assertFalse(Files.exists(dir.resolve("t.stdout.stderr")) && Files.size(dir.resolve("t.stdout.stderr")) > 0);
    }

    private static long pid(List<Path> records) {
        return PidRecord.read(records.get(0)).map(PidRecord::toolPid).orElse(-1L);
    }
}
