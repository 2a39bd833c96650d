package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Daemon;
import com.asmm8.support.Jar;
import com.asmm8.support.PrivateCluster;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped and started again while the packaged jar scans (a private server of the
 * test's own): nothing the tool printed is lost, and the scan's end is recorded. The tool is a
 * stand-in printing plain names at a steady pace, as a brute force does.
 */
class DatabaseOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAKE = Path.of("src/test/resources/tools/fake-source").toAbsolutePath().toString();
    @TempDir
    static Path dir;
    private static PrivateCluster pg;

    @BeforeAll
    static void start() throws Exception {
        pg = new PrivateCluster(dir.resolve("pg"));
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static Map<String, String> env(String tools) throws Exception {
        Path staging = dir.resolve("staging");
        Files.createDirectories(staging);
        Path file = dir.resolve("tools-" + Math.abs(tools.hashCode()) + ".yaml");
        Files.writeString(file, tools.replace("FAKE", FAKE));
        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_DB_URL", pg.url());
        env.put("ASMM8_DB_USER", "postgres");
        env.put("ASMM8_STAGING_DIR", staging.toString());
        env.put("ASMM8_TOOLS", file.toString());
        env.put("ASMM8_BATCH_TIMEOUT", "500");
        return env;
    }

    private static final String STREAM = """
            tools:
              - name: stream
                phase: passive
                binary: FAKE
                args: [stream, "{domain}", lines]
                timeout: 20m
            """;

    private static long stored(String domain) {
        try {
            return pg.count("SELECT count(*) FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid WHERE d.name = '"
                    + domain + "'");
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void awaitStored(String domain, long atLeast, CompletableFuture<Jar.Result> scan) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (stored(domain) < atLeast) {
            if (scan.isDone()) {
                throw new AssertionError("the scan ended early:\n" + scan.get().stderr());
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(atLeast + " names not stored within 120 s");
            }
            Thread.sleep(100);
        }
    }

    private static CompletableFuture<Jar.Result> scan(Map<String, String> env, String domain) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Jar.run(env, 900, "scan", domain, "--type", "passive", "-v");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void assertNothingLost(String domain, int names, Jar.Result r) throws Exception {
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(names, stored(domain), "every name the tool printed is stored");
        List<String> run = pg.rows("SELECT status, hostnamesseen, newhostnames, coalesce(error, '') FROM asmm8_scan_run "
                + "WHERE domain = ?", domain).get(0);
        assertEquals(List.of("completed", Integer.toString(names), Integer.toString(names), ""), run);
        try (Stream<Path> s = Files.list(dir.resolve("staging"))) {
            assertEquals(List.of(), s.toList(), "no spool or staging left");
        }
    }

    /** Stops the database once names flow, for {@code outageSeconds}, while a tool prints {@code names} over {@code seconds}. */
    private void outageMidScan(String domain, int names, int seconds, int outageSeconds) throws Exception {
        Map<String, String> env = env(STREAM);
        env.put("STREAM_COUNT", Integer.toString(names));
        env.put("STREAM_SECONDS", Integer.toString(seconds));
        CompletableFuture<Jar.Result> scan = scan(env, domain);
        awaitStored(domain, names / 10, scan);
        pg.stop();
        Thread.sleep(outageSeconds * 1000L);
        assertFalse(scan.isDone(), "the scan waits for the database");
        pg.start();
        Jar.Result r = scan.get(600, TimeUnit.SECONDS);
        assertTrue(r.stderr().contains("the database is unreachable"), r.stderr());
        assertTrue(r.stderr().contains("every spooled name is written"), r.stderr());
        assertNothingLost(domain, names, r);
    }

    @Test
    void aTenSecondOutageMidScanLosesNothing() throws Exception {
        outageMidScan("ten.test", 30_000, 30, 10);
    }

    @Test
    void aThirtySecondOutageMidScanLosesNothing() throws Exception {
        outageMidScan("thirty.test", 30_000, 30, 30);
    }

    @Test
    void aFiveMinuteOutageMidScanLosesNothing() throws Exception {
        outageMidScan("five.test", 30_000, 30, 300);
    }

    @Test
    void theDaemonCancelsItsOwnScanWhileTheDatabaseIsAwayAndRecordsItOnceItIsBack() throws Exception {
        Map<String, String> env = env("""
                tools:
                  - name: hang
                    phase: passive
                    binary: FAKE
                    args: [hang, "{domain}"]
                    output: {format: json, field: host}
                    timeout: 10m
                """);
        env.put("ASMM8_SCHEDULE_ENABLED", "false");
        String domain = "cancel.test";
        try (Daemon daemon = new Daemon(env, dir.resolve("daemon.log"))) {
            daemon.awaitReady(60);
            assertEquals(201, daemon.send("POST", "/domain", "{\"name\": \"" + domain + "\"}").statusCode());
            HttpResponse<String> started = daemon.send("GET", "/scan/passive?domains=" + domain, null);
            assertEquals(202, started.statusCode(), started.body());
            String id = JSON.readTree(started.body()).at("/data/scans/0/id").asText();
            awaitStored(domain, 1, new CompletableFuture<>()); // the tool printed its name and hangs

            pg.stop();
            HttpResponse<String> list = daemon.send("GET", "/domain", null);
            assertEquals(503, list.statusCode(), "a read during the outage: " + list.body());
            assertEquals("error", JSON.readTree(list.body()).at("/status").asText(), list.body());
            assertEquals("10", list.headers().firstValue("Retry-After").orElse(""));
            HttpResponse<String> cancel = daemon.send("DELETE", "/scan/" + id, null);
            assertEquals(202, cancel.statusCode(), "this process's scan is cancelled without the database: " + cancel.body());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (com.asmm8.support.Processes.alive("sleep 3601") && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertTrue(com.asmm8.support.Processes.awaitGone("sleep 3601"), "the tool is killed at once");
            Thread.sleep(3000);
            pg.start();
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            List<List<String>> run = List.of();
            while (System.nanoTime() < end) {
                run = pg.rows("SELECT status, hostnamesseen FROM asmm8_scan_run WHERE id = ?::uuid", id);
                if (!run.isEmpty() && !run.get(0).get(0).equals("running")) {
                    break;
                }
                Thread.sleep(250);
            }
            assertEquals(List.of(List.of("cancelled", "1")), run, daemon.log());
            assertEquals(1, stored(domain), "the name found before the cancel is kept");
        }
    }

    @Test
    void anOutageWhenTheScanEndsDelaysItsRecordButLosesNothing() throws Exception {
        // the names are all written, then the database goes while the last tool runs: the end meets the outage
        Map<String, String> env = env(STREAM + """
                  - name: quiet
                    phase: passive
                    binary: FAKE
                    args: [quiet, "{domain}"]
                    timeout: 5m
                """);
        env.put("STREAM_COUNT", "3000");
        env.put("STREAM_SECONDS", "3");
        env.put("QUIET_SECONDS", "6");
        String domain = "atend.test";
        CompletableFuture<Jar.Result> scan = scan(env, domain);
        awaitStored(domain, 3000, scan);
        pg.stop();
        // the quiet tool ends about 6 s after the stop; its phase's progress write waits 10 s for a
        // connection (the pool's time-out) and is skipped; then the scan's end meets the outage
        Thread.sleep(30_000);
        assertFalse(scan.isDone(), "the scan's end waits for the database");
        pg.start();
        Jar.Result r = scan.get(300, TimeUnit.SECONDS);
        assertTrue(r.stderr().contains("recording the end of scan"), r.stderr());
        assertNothingLost(domain, 3000, r);
    }
}
