package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.DnsZone;
import com.asmm8.support.FakeSource;
import com.asmm8.support.TestDatabase;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during a scan whose tool never ends (the stand-in passive source in hang mode): the
 * daemon gives the scan its grace period, then kills the tool and its child, records the scan as
 * interrupted with what it found, removes its staging, and exits. A restart finds nothing left.
 */
class ShutdownIT {

    private static TestDatabase db;
    /**
     * The daemons' resolver: it sees the scanned domains (their SOA answers), as a resolver in the
     * field does, so the wildcard check of what the passive tools print passes, whatever this
     * machine's own resolver sees
     */
    private static DnsZone dns;
    @TempDir
    static Path dir;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase().migrated();
        dns = new DnsZone("sigterm.example.com", Map.of("ns.sigterm.example.com", "10.0.0.53", "ns.sigterm.test", "10.0.0.53",
                "ns.ctrlc.test", "10.0.0.53"), List.of("--local=/test/"));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        dns.close();
    }

    private static Process daemon(int port, Path log) throws Exception {
        Files.writeString(dir.resolve("tools.yaml"), FakeSource.passiveTools("hang", "hang", true)
                .replace("timeout: 60s", "timeout: 10m"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/asmm8.jar").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ASMM8_"));
        pb.environment().put("ASMM8_DB_URL", db.url());
        pb.environment().put("ASMM8_DB_USER", TestDatabase.USER);
        pb.environment().put("ASMM8_RESOLVERS", dns.resolver());
        pb.environment().put("ASMM8_TOOLS", dir.resolve("tools.yaml").toString());
        pb.environment().put("ASMM8_STAGING_DIR", dir.resolve("staging").toString());
        pb.environment().put("ASMM8_SCHEDULE_ENABLED", "false");
        pb.environment().put("ASMM8_HTTP_PORT", Integer.toString(port));
        pb.environment().put("ASMM8_SHUTDOWN_GRACE", "2");
        pb.environment().put("ASMM8_API_TOKEN", com.asmm8.support.Daemon.TOKEN);
        Process p = pb.start();
        for (int i = 0; i < 300; i++) {
            try {
                if (get(port, "/ready").statusCode() == 200) {
                    return p;
                }
            } catch (Exception e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("daemon did not get ready:\n" + Files.readString(log));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + com.asmm8.support.Daemon.TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void sigtermDuringAScanLeavesNothingBehind() throws Exception {
        db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES ('sigterm.example.com', 'Acme', true)");
        int port = freePort();
        Path log = dir.resolve("daemon.log");
        Process p = daemon(port, log);
        HttpResponse<String> started = get(port, "/scan/passive?domains=sigterm.example.com");
        assertEquals(202, started.statusCode(), started.body());
        for (int i = 0; i < 100 && !com.asmm8.support.Processes.alive("sleep 3601"); i++) {
            Thread.sleep(100);
        }
        assertTrue(com.asmm8.support.Processes.alive("sleep 3601"), "the tool runs");
        for (int i = 0; i < 100 && db.column("SELECT name FROM cptm8hostname").isEmpty(); i++) {
            Thread.sleep(100);
        }

        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the daemon exits after its grace period");
        String out = Files.readString(log);
        assertTrue(out.contains("interrupting 1 scans still running after 2 s"), out);

        assertTrue(com.asmm8.support.Processes.awaitGone("sleep 3600"), "the tool's child was killed");
        assertTrue(com.asmm8.support.Processes.awaitGone("sleep 3601"), "the tool was killed");
        assertEquals(List.of(List.of("interrupted", "passive/hang: killed: the daemon shut down")),
                db.rows("SELECT status, error FROM asmm8_scan_run"));
        assertEquals(List.of("before-hang.sigterm.example.com"), db.column("SELECT name FROM cptm8hostname"),
                "what the tool printed before is kept");
        try (Stream<Path> s = Files.list(dir.resolve("staging"))) {
            assertEquals(List.of(), s.toList(), "no staging left");
        }

        // a restart finds nothing to clean up and serves at once
        Process again = daemon(port, dir.resolve("daemon2.log"));
        again.destroy();
        again.waitFor(60, TimeUnit.SECONDS);
        assertEquals("0", db.single("SELECT count(*) FROM asmm8_scan_run WHERE status = 'running'"));
    }

    @Test
    void runsLeftRunningByACrashAreMarkedInterruptedAtStart() throws Exception {
        db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES ('crash.example.com', 'Acme', true)");
        // a row as a process that was killed -9 leaves it: running, owned by a pid that no longer exists
        String host = java.lang.management.ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^[0-9]+@", "");
        db.update("INSERT INTO asmm8_scan_run (id, domainid, domain, scantype, status, owner) SELECT gen_random_uuid(), id, name, "
                + "'passive', 'running', ? FROM cptm8domain WHERE name = 'crash.example.com'", host + ":999999");
        Process p = daemon(freePort(), dir.resolve("daemon3.log"));
        p.destroy();
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(List.of(List.of("interrupted", "the process running it stopped")),
                db.rows("SELECT status, error FROM asmm8_scan_run WHERE domain = 'crash.example.com'"));
        assertTrue(new File("target/asmm8.jar").exists());
    }

    @Test
    void aToolEndedByTheSignalThatStopsAOneShotScanIsRecordedInterruptedNeverOk() throws Exception {
        // a SIGTERM to the whole process group no longer reaches the tool (it has a group of its
        // own): the scan gets its grace period (10 s here), then its tool is killed
        signalGroupOfAOneShotScan("TERM", "sigterm.test", "10");
    }

    @Test
    void aCtrlCStopsAOneShotScanAtOnceThoughItsToolRunsInAGroupOfItsOwn() throws Exception {
        // a terminal's Ctrl-C reaches the scan command's group only; the command asks its tool to
        // stop (the tool ends "successfully", as dig does) instead of waiting out the 300 s grace
        signalGroupOfAOneShotScan("INT", "ctrlc.test", "300");
    }

    private void signalGroupOfAOneShotScan(String signal, String domain, String grace) throws Exception {
        Path tools = dir.resolve("trapterm.yaml");
        Files.writeString(tools, FakeSource.passiveTools("trapterm", "trapterm", false));
        Path log = dir.resolve(domain + ".log");
        // its own session and process group, as a scan started from a terminal has, and the
        // terminal's default handling of SIGINT and SIGHUP (a test run started in the background,
        // nohup or `cmd &`, hands its children SIGINT ignored: the JVM would then never see a Ctrl-C)
        ProcessBuilder pb = new ProcessBuilder("setsid", "env", "--default-signal=INT,HUP",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/asmm8.jar", "scan", domain, "--type", "passive", "-v")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ASMM8_"));
        pb.environment().put("ASMM8_DB_URL", db.url());
        pb.environment().put("ASMM8_DB_USER", TestDatabase.USER);
        pb.environment().put("ASMM8_RESOLVERS", dns.resolver());
        pb.environment().put("ASMM8_TOOLS", tools.toString());
        pb.environment().put("ASMM8_STAGING_DIR", dir.resolve("staging").toString());
        pb.environment().put("ASMM8_BATCH_TIMEOUT", "200");
        pb.environment().put("ASMM8_SHUTDOWN_GRACE", grace);
        Process scan = pb.start();
        try {
            // the tool printed two names and waits
            FakeSource.await("the first name stored", 60_000, () -> {
                try {
                    return !db.column("SELECT name FROM cptm8hostname WHERE name LIKE ?", "%." + domain).isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
            // Ctrl-C or a closed terminal: the signal goes to the terminal's process group
            new ProcessBuilder("kill", "-" + signal, "--", "-" + scan.pid()).start().waitFor(10, TimeUnit.SECONDS);
            assertTrue(scan.waitFor(60, TimeUnit.SECONDS), Files.readString(log));
            assertTrue(scan.exitValue() != 0, "not a success: " + scan.exitValue());
        } finally {
            scan.destroyForcibly();
        }
        try {
            List<String> run = db.rows("SELECT status, error FROM asmm8_scan_run WHERE domain = ?", domain).get(0);
            assertEquals("interrupted", run.get(0), Files.readString(log));
            assertTrue(run.get(1).contains("killed: the daemon shut down"), run.get(1));
            assertEquals(List.of("first." + domain, "second." + domain),
                    db.column("SELECT name FROM cptm8hostname WHERE name LIKE ? ORDER BY name", "%." + domain),
                    "what it found before is kept");
            assertTrue(com.asmm8.support.Processes.awaitGone("fake-source trapterm " + domain), "the tool is gone");
            try (Stream<Path> s = Files.list(dir.resolve("staging"))) {
                assertEquals(List.of(), s.toList(), "no staging left");
            }
        } finally {
            // the other tests count runs and names
            db.update("DELETE FROM asmm8_scan_run WHERE domain = ?", domain);
            db.update("DELETE FROM cptm8hostname WHERE name LIKE ?", "%." + domain);
            db.update("DELETE FROM cptm8domain WHERE name = ?", domain);
        }
    }
}
