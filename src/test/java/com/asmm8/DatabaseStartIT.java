package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Daemon;
import com.asmm8.support.FakeSource;
import com.asmm8.support.PrivateCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database is down when the daemon starts (a private PostgreSQL of the test's own, stopped):
 * the packaged daemon waits for it instead of exiting, answering meanwhile /health 200, /ready 503
 * naming the database and every API path 503 with the JSON error body (never a 404 page); once
 * the server is started the daemon becomes ready by itself and the API works. When the database
 * goes away later, /ready says so at once, and comes back with it.
 */
class DatabaseStartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void daemonStartedWithoutItsDatabaseWaitsAnswering503AndBecomesReadyWhenTheDatabaseComes() throws Exception {
        try (PrivateCluster pg = new PrivateCluster(dir.resolve("pg"))) {
            pg.stop();
            Files.writeString(dir.resolve("tools.yaml"), FakeSource.passiveTools("fake", "ok", true));
            Map<String, String> env = Map.of("ASMM8_DB_URL", pg.url(), "ASMM8_DB_USER", "postgres",
                    "ASMM8_TOOLS", dir.resolve("tools.yaml").toString(), "ASMM8_STAGING_DIR", dir.resolve("staging").toString(),
                    "ASMM8_SCHEDULE_ENABLED", "false");
            try (Daemon d = new Daemon(env, dir.resolve("daemon.log"))) {
                FakeSource.await("the daemon logs that it waits for the database", 60_000,
                        () -> log(d).contains("not reachable") && log(d).contains("retrying in"));
                FakeSource.await("/health answers", 30_000, () -> status(d, "/health") == 200);

                HttpResponse<String> ready = d.get("/ready");
                assertEquals(503, ready.statusCode(), ready.body());
                JsonNode r = JSON.readTree(ready.body());
                assertEquals("DOWN", r.at("/data/database/state").asText(), ready.body());
                assertTrue(r.path("msg").asText().contains("database at " + pg.url() + " not reachable"), ready.body());

                for (String[] call : new String[][]{{"POST", "/domain", "{\"name\":\"early.example.com\"}"},
                        {"GET", "/domain", null}, {"GET", "/scans", null}, {"DELETE", "/no/such/path", null}}) {
                    HttpResponse<String> a = d.send(call[0], call[1], call[2]);
                    assertEquals(503, a.statusCode(), call[0] + " " + call[1] + ": " + a.body());
                    JsonNode j = JSON.readTree(a.body());
                    assertEquals("error", j.path("status").asText(), a.body());
                    assertTrue(j.path("msg").asText().startsWith("not ready: database at " + pg.url() + " not reachable"),
                            a.body());
                }

                // the web page opened meanwhile: a page saying why, which reloads itself (no JSON, no script)
                HttpResponse<String> page = d.getAnonymously("/ui/");
                assertEquals(503, page.statusCode(), page.body());
                assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
                assertTrue(page.body().contains("<meta http-equiv=\"refresh\" content=\"3\">"), page.body());
                assertTrue(page.body().contains("database at " + pg.url() + " not reachable"), page.body());
                assertEquals("default-src 'none'", page.headers().firstValue("Content-Security-Policy").orElse(""));

                long up = System.nanoTime();
                pg.start();
                d.awaitReady(90);
                // the same address is the page once the daemon is ready
                HttpResponse<String> ready2 = d.getAnonymously("/ui/");
                assertEquals(200, ready2.statusCode());
                assertTrue(ready2.body().contains("<script src=\"app.js\""), ready2.body());
                long seconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up);
                System.out.printf("DatabaseStartIT: ready %.1f s after the database started%n", seconds / 1000.0);

                HttpResponse<String> created = d.send("POST", "/domain", "{\"name\":\"early.example.com\"}");
                assertEquals(201, created.statusCode(), created.body());
                assertEquals(1, pg.count("SELECT count(*) FROM cptm8domain WHERE name = 'early.example.com'"));
                assertTrue(log(d).contains("reachable after"), "the log says when the wait ended");

                // the database goes away after start-up: /ready names it (asked each time, not remembered)
                pg.stop();
                FakeSource.await("/ready says 503 once the database is gone", 30_000, () -> status(d, "/ready") == 503);
                HttpResponse<String> down = d.get("/ready");
                JsonNode dj = JSON.readTree(down.body());
                assertEquals("DOWN", dj.at("/data/database/state").asText(), down.body());
                assertTrue(dj.path("msg").asText().contains("database (database at " + pg.url() + " not reachable"), down.body());
                pg.start();
                d.awaitReady(60);
                // a pooled connection the stop cut is found broken and replaced (at most one failed use each)
                FakeSource.await("the API answers again", 30_000, () -> status(d, "/domain") == 200);
                d.stop(60);
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigtermWhileWaitingForTheDatabaseEndsTheDaemonPromptly() throws Exception {
        try (PrivateCluster pg = new PrivateCluster(dir.resolve("pg"))) {
            pg.stop();
            Map<String, String> env = Map.of("ASMM8_DB_URL", pg.url(), "ASMM8_DB_USER", "postgres",
                    "ASMM8_STAGING_DIR", dir.resolve("staging").toString(), "ASMM8_SCHEDULE_ENABLED", "false");
            try (Daemon d = new Daemon(env, dir.resolve("daemon.log"))) {
                FakeSource.await("the daemon waits for the database", 60_000, () -> log(d).contains("retrying in"));
                d.stop(30); // fails unless it exits within 30 s (Camel's own shutdown would wait ~7 min for the start)
                assertTrue(log(d).contains("stopped while waiting for the database at " + pg.url()), log(d));
            }
        }
    }

    private static int status(Daemon d, String path) {
        try {
            return d.get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String log(Daemon d) {
        try {
            return d.log();
        } catch (Exception e) {
            return "";
        }
    }
}
