package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Daemon;
import com.asmm8.support.FakeSource;
import com.asmm8.support.Jar;
import com.asmm8.support.TestDatabase;
import com.asmm8.tool.ProcStat;
import com.asmm8.tool.ProcessGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the daemon, or of a one-shot {@code scan}, in the middle of a scan whose tool has
 * children (the stand-in source in spawn mode: a child, a re-parented grandchild, a name every
 * 200 ms). The tool and its children outlive the JVM (they run in a process group of their own);
 * the next start kills that group, removes the run's staging folder and marks the run
 * interrupted, keeping the names found before. A live process's tools and folder are never touched.
 */
@Timeout(600)
class KillNineIT {

    private static TestDatabase db;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
        Files.writeString(dir.resolve("spawn.yaml"), FakeSource.passiveTools("spawn", "spawn", false));
        Files.writeString(dir.resolve("ok.yaml"), FakeSource.passiveTools("ok", "ok", false));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static Map<String, String> env(String tools) {
        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_DB_URL", db.url());
        env.put("ASMM8_DB_USER", TestDatabase.USER);
        env.put("ASMM8_TOOLS", dir.resolve(tools).toString());
        env.put("ASMM8_STAGING_DIR", dir.resolve("staging").toString());
        env.put("ASMM8_SCHEDULE_ENABLED", "false");
        env.put("ASMM8_BATCH_TIMEOUT", "200");
        return env;
    }

    /** A one-shot scan in the background, as a user starts it. */
    private static Process scanCommand(String domain, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/asmm8.jar", "scan", domain, "--type", "passive", "-v")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ASMM8_"));
        pb.environment().putAll(env("spawn.yaml"));
        return pb.start();
    }

    /** The running tool of a domain's scan and what it started, with what the test needs to check and clean them. */
    private record Tool(long pid, long start, Path staging, String runId) {

        /** The members of the tool's group that run (the leader, if it runs, among them). */
        List<ProcStat> members() {
            return Arrays.stream(ProcStat.pids()).mapToObj(ProcStat::read).flatMap(Optional::stream)
                    .filter(s -> s.pgrp() == pid && s.running()).toList();
        }

        boolean leaderRuns() {
            return new ProcessGroup(pid, start, staging.toString()).leaderRuns();
        }

        /** The test's own clean-up, whatever happened: never leaves the stand-in running for 10 min. */
        void killLeftovers() {
            new ProcessGroup(pid, start, staging.toString()).kill();
        }
    }

    private static List<String> names(String domain) throws Exception {
        return db.column("SELECT h.name FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid WHERE d.name = ? "
                + "ORDER BY h.name", domain);
    }

    /** Waits for the domain's tool to run with its two sleeping descendants and for names to be stored. */
    private static Tool awaitTool(String domain, Path log) throws Exception {
        FakeSource.await("3 names of " + domain + " stored", 90_000, () -> {
            try {
                return names(domain).size() >= 3;
            } catch (Exception e) {
                return false;
            }
        });
        String runId = db.single("SELECT id FROM asmm8_scan_run WHERE domain = ? AND status = 'running'", domain);
        long pid = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("fake-source spawn " + domain)).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new AssertionError("the tool of " + domain + " does not run:\n" + read(log)));
        Tool tool = new Tool(pid, ProcStat.startTime(pid).orElseThrow(),
                dir.resolve("staging").toAbsolutePath().normalize().resolve("scan-" + runId), runId);
        FakeSource.await("the tool's children", 10_000, () -> sleeps(tool).size() == 2);
        return tool;
    }

    /** The tool's child (sleep 3602) and its re-parented grandchild (sleep 3603), found by group. */
    private static List<Long> sleeps(Tool tool) {
        return tool.members().stream().map(ProcStat::pid).filter(p -> ProcessHandle.of(p)
                .flatMap(h -> h.info().commandLine()).map(c -> c.matches(".*sleep 360[23]$")).orElse(false)).toList();
    }

    private static void assertAliveAfterTheKill(Tool tool) {
        assertTrue(tool.leaderRuns(), "the tool outlived the JVM");
        List<Long> sleeps = sleeps(tool);
        assertEquals(2, sleeps.size(), "the tool's child and grandchild outlived the JVM: " + tool.members());
        assertTrue(sleeps.stream().anyMatch(p -> ProcStat.read(p).orElseThrow().ppid() != tool.pid()),
                "one of them was re-parented");
        assertTrue(Files.isDirectory(tool.staging()), "the run's staging is left");
    }

    /** What the next start must have done: group killed, staging removed, run interrupted, names kept. */
    private static void assertCleanedUp(Tool tool, String domain, List<String> before, String log) throws Exception {
        FakeSource.await("no process of the tool's group left", 5_000, () -> tool.members().isEmpty());
        assertFalse(tool.leaderRuns());
        assertFalse(Files.exists(tool.staging()), "the run's staging folder is removed");
        assertEquals("interrupted", db.single("SELECT status FROM asmm8_scan_run WHERE id = ?::uuid", tool.runId()));
        assertTrue(names(domain).containsAll(before), "the names found before are kept");
        assertTrue(log.contains("Scan " + tool.runId() + ": the process that ran it"), log);
        assertTrue(log.contains("killed its leftover tool processes (") && log.contains(" in the group of tool pid "
                + tool.pid() + ")"), log);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void killNineOfTheDaemonMidScanLeavesNeitherToolsNorStagingOnceItStartsAgain() throws Exception {
        String domain = "daemon.kill9.test";
        db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES (?, 'Acme', true)", domain);
        Tool tool = null;
        try (Daemon first = new Daemon(env("spawn.yaml"), dir.resolve("daemon1.log")).awaitReady(90)) {
            assertEquals(202, first.get("/scan/passive?domains=" + domain).statusCode());
            tool = awaitTool(domain, dir.resolve("daemon1.log"));
            List<String> before = names(domain);

            first.kill();
            assertAliveAfterTheKill(tool);

            try (Daemon second = new Daemon(env("spawn.yaml"), dir.resolve("daemon2.log")).awaitReady(90)) {
                assertCleanedUp(tool, domain, before, second.log());
                second.stop(60);
            }
        } finally {
            if (tool != null) {
                tool.killLeftovers();
            }
        }
    }

    @Test
    void killNineOfAOneShotScanMidScanLeavesNeitherToolsNorStagingOnceTheDaemonStarts() throws Exception {
        String domain = "cli.kill9.test";
        Path log = dir.resolve("cli.log");
        Process scan = scanCommand(domain, log);
        Tool tool = null;
        try {
            tool = awaitTool(domain, log);
            List<String> before = names(domain);

            scan.destroyForcibly();
            assertTrue(scan.waitFor(10, TimeUnit.SECONDS));
            assertAliveAfterTheKill(tool);

            try (Daemon daemon = new Daemon(env("spawn.yaml"), dir.resolve("daemon3.log")).awaitReady(90)) {
                assertCleanedUp(tool, domain, before, daemon.log());
                daemon.stop(60);
            }
        } finally {
            scan.destroyForcibly();
            if (tool != null) {
                tool.killLeftovers();
            }
        }
    }

    @Test
    void aLiveScansToolsAndStagingAreLeftAloneByAProcessStartingBesideItAndCleanedOnceItIsKilled() throws Exception {
        String domain = "live.kill9.test";
        Path log = dir.resolve("live.log");
        Process scan = scanCommand(domain, log);
        Tool tool = null;
        try {
            tool = awaitTool(domain, log);
            try (Daemon daemon = new Daemon(env("spawn.yaml"), dir.resolve("daemon4.log")).awaitReady(90)) {
                assertTrue(tool.leaderRuns(), "the scan command's tool runs on");
                assertEquals(2, sleeps(tool).size());
                assertTrue(Files.isDirectory(tool.staging()));
                assertEquals("running", db.single("SELECT status FROM asmm8_scan_run WHERE id = ?::uuid", tool.runId()));
                assertFalse(daemon.log().contains("the process that ran it"), daemon.log());
                daemon.stop(60);
            }
            assertTrue(scan.isAlive(), read(log));
            List<String> before = names(domain);

            scan.destroyForcibly();
            assertTrue(scan.waitFor(10, TimeUnit.SECONDS));
            assertAliveAfterTheKill(tool);

            // the next one-shot scan (of another domain) cleans up at its start
            Jar.Result next = Jar.run(env("ok.yaml"), 120, "scan", "next.kill9.test", "--type", "passive", "-v");
            assertEquals(0, next.exit(), next.stderr());
            assertEquals(List.of("api.next.kill9.test", "mail.next.kill9.test", "www.next.kill9.test"), next.lines());
            assertCleanedUp(tool, domain, before, next.stderr());
        } finally {
            scan.destroyForcibly();
            if (tool != null) {
                tool.killLeftovers();
            }
        }
    }
}
