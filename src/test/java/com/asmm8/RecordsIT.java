package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Daemon;
import com.asmm8.support.FakeSource;
import com.asmm8.support.Knot;
import com.asmm8.support.RecordsZone;
import com.asmm8.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records, changes and takeover leads as an operator meets them: the packaged daemon brute-forces a
 * zone Knot serves, then checks it after the zone changed. The API answers where each name points
 * and since when, filters by address and by lead, exports the addresses; the check's event and
 * GET /changes list exactly the changes; each of the two dangling CNAMEs is announced once, severity
 * high, and not again at the next check.
 */
class RecordsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZONE = "leads.test";
    private static final String LEADS = "asmm8-it-leads";
    private static final String EVENTS = "asmm8-it-record-events";
    private static TestDatabase db;
    private static Knot knot;
    private static Connection broker;
    private static Channel ch;
    private static String domainId;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase().migrated();
        db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES (?, 'acme', true)", ZONE);
        domainId = db.single("SELECT id FROM cptm8domain WHERE name = ?", ZONE);
        knot = new Knot("127.0.0.52", RecordsZone.zones(ZONE, "10.52", "127.0.0.52", 1));
        Files.writeString(dir.resolve("words.txt"), RecordsZone.WORDS);
        Files.writeString(dir.resolve("tools.yaml"), com.asmm8.support.EngineTestSupport.ENGINE_AND_CHECK);
        ConnectionFactory f = new ConnectionFactory();
        f.setUri("amqp://guest:guest@127.0.0.1:5672");
        broker = f.newConnection("asmm8-records-it");
        ch = broker.createChannel();
        ch.exchangeDeclare("cptm8", "topic", true);
        ch.exchangeDeclare("notification", "topic", true);
        for (String q : List.of(LEADS, EVENTS)) {
            ch.queueDeclare(q, false, false, false, null);
            ch.queuePurge(q);
        }
        ch.queueBind(LEADS, "notification", "app.security.high");
        ch.queueBind(EVENTS, "cptm8", "asmm8.event.#");
    }

    @AfterAll
    static void stop() throws Exception {
        if (ch != null) {
            ch.queueDelete(LEADS);
            ch.queueDelete(EVENTS);
            broker.close();
        }
        if (knot != null) {
            knot.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static Daemon daemon() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_DB_URL", db.url());
        env.put("ASMM8_DB_USER", TestDatabase.USER);
        env.put("ASMM8_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/");
        env.put("ASMM8_STAGING_DIR", dir.resolve("staging").toString());
        env.put("ASMM8_SCHEDULE_ENABLED", "false");
        env.put("ASMM8_ROUTES_RELOAD", "false");
        env.put("ASMM8_RESOLVERS", knot.resolver());
        env.put("ASMM8_WORDLIST", dir.resolve("words.txt").toString());
        env.put("ASMM8_TOOLS", dir.resolve("tools.yaml").toString());
        return new Daemon(env, dir.resolve("daemon.log")).awaitReady(90);
    }

    /** Starts a scan of the zone (retrying while the last one still holds the domain) and waits for its end. */
    private static void scan(Daemon d, String type, int ended) throws Exception {
        int code = 0;
        for (int i = 0; i < 300 && code != 202; i++) {
            code = d.get("/scan/" + type + "?domains=" + ZONE).statusCode();
            Thread.sleep(code == 202 ? 0 : 100);
        }
        assertEquals(202, code, d.log());
        FakeSource.await(type + " scan ended", 60_000, () -> {
            try {
                return db.single("SELECT count(*) FROM asmm8_scan_run WHERE domain = ? AND status <> 'running'", ZONE)
                        .equals(Integer.toString(ended));
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static List<JsonNode> await(String queue, int n, long seconds) throws Exception {
        List<JsonNode> got = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (got.size() < n && System.nanoTime() < end) {
            GetResponse r = ch.basicGet(queue, true);
            if (r == null) {
                Thread.sleep(100);
            } else {
                JsonNode m = JSON.readTree(r.getBody());
                ((com.fasterxml.jackson.databind.node.ObjectNode) m).put("routingkey", r.getEnvelope().getRoutingKey());
                got.add(m);
            }
        }
        return got;
    }

    private static JsonNode data(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("data");
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(h -> out.add(h.path("name").asText()));
        return out.stream().sorted().toList();
    }

    private static List<String> texts(JsonNode list, String... fields) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> {
            List<String> parts = new ArrayList<>();
            for (String f : fields) {
                parts.add(n.path(f).asText());
            }
            out.add(String.join(" ", parts));
        });
        return out;
    }

    @Test
    void anOperatorSeesWhereEachNamePointsItsChangesAndOneHighNotificationPerDanglingCname() throws Exception {
        try (Daemon d = daemon()) {
            scan(d, "active", 1);
            List<JsonNode> leads = await(LEADS, 2, 30);
            assertEquals(2, leads.size(), d.log());
            List<String> announced = new ArrayList<>();
            for (JsonNode m : leads) {
                assertEquals("app.security.high", m.path("routingkey").asText());
                JsonNode p = m.path("payload");
                assertEquals("high", p.path("metadata").path("severity").asText(), m.toString());
                assertEquals("takeover_lead", p.path("type").asText());
                assertEquals("admin", p.path("userrole").asText());
                announced.add(p.path("hostname").asText() + " " + p.path("lead").path("target").asText() + " "
                        + p.path("lead").path("service").asText());
            }
            assertEquals(List.of("app.leads.test leads-app.azurewebsites.net Microsoft Azure", "old.leads.test gone.leads.test "),
                    announced.stream().sorted().toList());

            assertEquals(List.of("app.leads.test", "old.leads.test"), names(data(d.get("/domain/" + domainId + "/hostname?lead=true"))));
            String metrics = d.get("/metrics").body();
            assertTrue(metrics.contains("asmm8_takeover_leads{domain=\"leads.test\"} 2.0"), metrics);
            assertEquals(List.of("edge.leads.test", "edge2.leads.test", "lb.leads.test", "shop.leads.test"),
                    names(data(d.get("/domain/" + domainId + "/hostname?ip=10.52.0.8/29"))), "the names answering in the block");
            assertEquals(List.of("mail.leads.test"), names(data(d.get("/domain/" + domainId + "/hostname?ip=10.52.9.4"))));
            HttpResponse<String> bad = d.get("/domain/" + domainId + "/hostname?ip=10.52.0.0/33");
            assertEquals(400, bad.statusCode(), bad.body());
            assertTrue(JSON.readTree(bad.body()).path("msg").asText().startsWith("ip must be"), bad.body());

            String www = db.single("SELECT id FROM cptm8hostname WHERE name = ?", "www." + ZONE);
            JsonNode view = data(d.get("/hostname/" + www));
            assertEquals(List.of("A 10.52.0.1", "A 10.52.0.2"), texts(view.path("records"), "type", "value"));
            assertEquals(0, view.path("history").size());
            assertEquals(404, d.get("/hostname/" + java.util.UUID.randomUUID()).statusCode());
            String csv = d.get("/domain/" + domainId + "/export?format=csv").body();
            assertTrue(csv.startsWith("id,name,foundfirsttime,live,enabled,lastseen,sources,addresses\n"), csv);
            assertTrue(csv.contains(",www.leads.test,") && csv.contains("\"10.52.0.1 10.52.0.2\""), csv);
            await(EVENTS, 1, 10); // the brute force's event

            knot.reload(RecordsZone.zones(ZONE, "10.52", "127.0.0.52", 2), "api." + ZONE, "10.52.0.6");
            scan(d, "check", 2);
            List<JsonNode> events = await(EVENTS, 1, 30);
            assertEquals(1, events.size(), d.log());
            List<String> expected = List.of("api.leads.test A 10.52.0.3 10.52.0.6",
                    "shop.leads.test CNAME edge.leads.test,lb.leads.test edge2.leads.test,lb.leads.test",
                    "www.leads.test A 10.52.0.1,10.52.0.2 10.52.0.1,10.52.0.5");
            assertEquals(expected, texts(events.get(0).path("payload").path("changes"), "name", "type", "old", "new"));
            List<String> feed = new ArrayList<>();
            data(d.get("/changes?domain=" + ZONE)).forEach(c -> {
                if (c.path("kind").asText().equals("records")) {
                    feed.add(c.path("name").asText() + " " + c.path("type").asText() + " " + c.path("old").asText() + " "
                            + c.path("new").asText());
                }
            });
            assertEquals(expected, feed.stream().sorted().toList());
            view = data(d.get("/hostname/" + www));
            assertEquals(List.of("A 10.52.0.1", "A 10.52.0.5"), texts(view.path("records"), "type", "value"));
            assertEquals(List.of("A 10.52.0.2"), texts(view.path("history"), "type", "value"));
            assertEquals(List.of("A 10.52.0.1,10.52.0.2 10.52.0.1,10.52.0.5"), texts(view.path("changes"), "type", "old", "new"));
            assertEquals(List.of(), await(LEADS, 1, 5), "a lead is announced once, not at every check");
            assertEquals("2", db.single("SELECT count(*) FROM asmm8_takeover_lead WHERE current AND notifiedat IS NOT NULL"));
        }
    }
}
