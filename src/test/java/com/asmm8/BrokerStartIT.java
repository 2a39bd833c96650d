package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Broker;
import com.asmm8.support.Daemon;
import com.asmm8.support.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's own settings at start: the Go service's broker URL, a broker that comes up after
 * the daemon, and secrets that never show (the machine's RabbitMQ and PostgreSQL).
 */
@Timeout(300)
class BrokerStartIT {

    private static final String DB_PASSWORD = "Db-S3cret-pw-4711";
    private static final String AMQP_PASSWORD = "Amqp-S3cret-pw-0815";
    private static final String API_TOKEN = "Api-S3cret-token-1234567890";

    @TempDir
    static Path dir;
    static TestDatabase db;

    @BeforeAll
    static void database() throws Exception {
        db = new TestDatabase();
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    private static Map<String, String> env(String amqpUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_DB_URL", db.url());
        env.put("ASMM8_DB_USER", TestDatabase.USER);
        env.put("ASMM8_AMQP_URL", amqpUrl);
        env.put("ASMM8_STAGING_DIR", dir.resolve("staging").toString());
        env.put("ASMM8_SCHEDULE_ENABLED", "false");
        env.put("ASMM8_ROUTES_RELOAD", "false");
        return env;
    }

    @Test
    void theGoServicesBrokerUrlWithItsTrailingSlashConnectsToTheDefaultVhost() throws Exception {
        try (Daemon d = new Daemon(env("amqp://guest:guest@127.0.0.1:5672/"), dir.resolve("go-url.log")).awaitReady(90)) {
            String ready = d.get("/ready").body();
            assertTrue(ready.contains("\"broker\":{\"state\":\"UP\""), ready);
            assertFalse(d.log().contains("vhost"), d.log());
        }
    }

    @Test
    void aBrokerDownAtStartIsWaitedForAndTheDaemonBecomesReadyWhenItComesWithoutARestart() throws Exception {
        Broker.rabbitmqctl("stop_app");
        try (Daemon d = new Daemon(env("amqp://guest:guest@127.0.0.1:5672/"), dir.resolve("late-broker.log"))) {
            long pid = d.pid();
            awaitHealth(d);
            Thread.sleep(20_000);
            assertTrue(d.alive(), "the daemon runs on without a broker:\n" + d.log());
            HttpResponse<String> notReady = d.get("/ready");
            assertEquals(503, notReady.statusCode());
            assertTrue(notReady.body().contains("broker at amqp://guest:***@127.0.0.1:5672/ not reachable"), notReady.body());
            List<String> attempts = d.log().lines().filter(l -> l.contains("not reachable")).toList();
            assertTrue(attempts.size() >= 4 && attempts.size() <= 8, "one line per attempt (1, 2, 4, 8 s apart): " + attempts);
            assertTrue(d.log().lines().noneMatch(l -> l.contains("Attempting to connect")), "no second line per attempt");
            assertFalse(d.log().contains("\tat "), "no stack trace:\n" + d.log());

            Broker.rabbitmqctl("start_app");
            Broker.rabbitmqctl("await_startup");
            d.awaitReady(60);
            assertEquals(pid, d.pid());
            assertTrue(d.get("/ready").body().contains("\"broker\":{\"state\":\"UP\",\"message\":\"connected; qasmm8 consumed\""));
        } finally {
            Broker.rabbitmqctl("start_app");
            Broker.rabbitmqctl("await_startup");
        }
    }

    @Test
    void noSecretShowsInTheLogReadinessMetricsOrErrorBodies() throws Exception {
        Map<String, String> env = env("amqp://guest:" + AMQP_PASSWORD + "@127.0.0.1:5672/");
        env.put("ASMM8_DB_PASSWORD", DB_PASSWORD); // the machine's PostgreSQL trusts loopback: sent, not needed
        env.put("ASMM8_API_TOKEN", API_TOKEN);
        try (Daemon d = new Daemon(env, dir.resolve("secrets.log"))) {
            awaitHealth(d);
            com.asmm8.support.FakeSource.await("a refused broker login", 30_000, () -> {
                try {
                    return d.log().contains("ACCESS_REFUSED");
                } catch (Exception e) {
                    return false;
                }
            });
            List<String> seen = new ArrayList<>();
            seen.add(d.log());
            for (String path : List.of("/ready", "/health", "/metrics", "/domain", "/domain/x/hostname", "/nowhere")) {
                seen.add(d.getAnonymously(path).body());
                seen.add(d.get(path).body());
            }
            seen.add(d.send("POST", "/domain", "{\"name\": ").body());
            seen.add(d.send("POST", "/domain", "{\"name\":\"" + API_TOKEN + "\"}").body().replace(API_TOKEN, "<echoed input>"));
            seen.add(d.log());
            for (String s : seen) {
                for (String secret : List.of(DB_PASSWORD, AMQP_PASSWORD, API_TOKEN)) {
                    assertFalse(s.contains(secret), "a secret shows:\n" + s);
                }
            }
        }
    }

    private static void awaitHealth(Daemon d) throws Exception {
        com.asmm8.support.FakeSource.await("the daemon answers /health", 90_000, () -> {
            try {
                return d.getAnonymously("/health").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }
}
