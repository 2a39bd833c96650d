package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.FakeSource;
import com.asmm8.support.TestDatabase;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reconfiguration of the running daemon (packaged jar started in a folder of its own, holding
 * only a config/ folder): route files saved into config/routes/ replace the jar's routes of the
 * same ids, and they and the tools file are edited on disk while it runs.
 */
class ReloadIT {

    private static TestDatabase db;
    private static Process daemon;
    private static Path work;
    private static Path log;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
        work = dir.resolve("work");
        copy(Path.of("config"), work.resolve("config"));
        writeTools("slow");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        log = dir.resolve("daemon.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target/asmm8.jar").toAbsolutePath().toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ASMM8_"));
        pb.environment().put("ASMM8_DB_URL", db.url());
        pb.environment().put("ASMM8_DB_USER", TestDatabase.USER);
        pb.environment().put("ASMM8_HTTP_PORT", Integer.toString(port));
        pb.environment().put("ASMM8_SCHEDULE_PERIOD", "1000");
        pb.environment().put("ASMM8_SCHEDULE_DELAY", "500");
        pb.environment().put("ASMM8_SCAN_TYPE", "passive");
        pb.environment().put("ASMM8_BATCH_TIMEOUT", "200");
        daemon = pb.start();
        await("ready", 60_000, () -> {
            try {
                return get("/ready").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor(60, TimeUnit.SECONDS);
        }
        db.close();
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void writeTools(String mode) throws Exception {
        Files.writeString(work.resolve("config/tools.yaml"), "tools:\n"
                + FakeSource.tool("fake-" + mode, "passive", mode, true) + FakeSource.tool("fake-check", "check", "ok", true));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, long ms, BooleanSupplier c) throws InterruptedException {
        FakeSource.await(what, ms, c);
    }

    private static List<String> q(String sql) {
        try {
            return db.column(sql);
        } catch (Exception e) {
            return List.of();
        }
    }

    private static String daemonLog() throws Exception {
        return Files.readString(log);
    }

    @Test
    void editsToRoutesAndToolsApplyWithoutARestartAndBrokenFilesAreRefused() throws Exception {
        db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES ('reload.example.com', 'Acme', true)");
        // the schedule scans it passively with the slow tool (3 names, 4 s pause, 2 names)
        await("a first passive scan running", 30_000, () -> !q("SELECT id FROM asmm8_scan_run WHERE status = 'running'").isEmpty());

        // 1. while that scan runs, the ingest route file is edited: the running scan finishes
        //    with all its names, under the definition it started with
        // (a new file in the watched folder: it overrides the jar's file of that name)
        Path ingest = work.resolve("config/routes/40-ingest.yaml");
        Files.writeString(ingest, Files.readString(Path.of("routes/40-ingest.yaml")).replace("# 6. INGEST", "# 6. INGEST (edited)"));
        await("the first scan ended", 30_000, () -> !q("SELECT status FROM asmm8_scan_run WHERE status <> 'running'").isEmpty());
        assertEquals("completed", q("SELECT status FROM asmm8_scan_run ORDER BY startedat LIMIT 1").get(0));
        assertEquals("5", q("SELECT newhostnames FROM asmm8_scan_run ORDER BY startedat LIMIT 1").get(0));
        await("the ingest route reloaded", 20_000, () -> {
            try {
                return daemonLog().contains("(source: 40-ingest.yaml");
            } catch (Exception e) {
                return false;
            }
        });

        // 2. the poll route is edited to schedule check scans instead of passive ones
        Path poll = work.resolve("config/routes/10-poll.yaml");
        Files.writeString(poll,
                Files.readString(Path.of("routes/10-poll.yaml")).replace("constant: \"{{asmm8.schedule.scan-type}}\"", "constant: check"));
        await("a scheduled check scan", 30_000, () -> !q("SELECT id FROM asmm8_scan_run WHERE scantype = 'check'").isEmpty());

        // 3. a tool's arguments change in config/tools.yaml: the next scan uses the new declaration
        Files.writeString(poll, Files.readString(poll).replace("constant: check", "constant: passive"));
        writeTools("dupes");
        await("a scan with the edited tool", 30_000,
                () -> !q("SELECT id FROM asmm8_scan_run WHERE phases::text LIKE '%fake-dupes%'").isEmpty());

        // 4. a broken route file is refused with a log line; the routes keep running
        Files.writeString(poll, Files.readString(poll) + "\n- route: [this is not\n");
        await("the refusal in the log", 20_000, () -> {
            try {
                return daemonLog().contains("Error reloading routes from file: ") && daemonLog().contains("10-poll.yaml");
            } catch (Exception e) {
                return false;
            }
        });
        int before = q("SELECT id FROM asmm8_scan_run").size();
        await("scans go on", 30_000, () -> q("SELECT id FROM asmm8_scan_run").size() > before + 1);

        // 5. a broken tools file is refused too: the last good declarations stay
        Files.writeString(work.resolve("config/tools.yaml"), "tools:\n  - name: [broken\n");
        await("the tools refusal in the log", 30_000, () -> {
            try {
                return daemonLog().contains("Refused") && daemonLog().contains("keeping the 2 declarations loaded before");
            } catch (Exception e) {
                return false;
            }
        });
        int after = q("SELECT id FROM asmm8_scan_run WHERE status = 'completed'").size();
        await("scans still complete", 30_000, () -> q("SELECT id FROM asmm8_scan_run WHERE status = 'completed'").size() > after);
        assertTrue(daemon.isAlive());
    }
}
