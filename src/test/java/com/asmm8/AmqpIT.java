package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Daemon;
import com.asmm8.support.DnsZone;
import com.asmm8.support.FakeSource;
import com.asmm8.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's RabbitMQ contract, driven as the orchestrator drives it: the packaged daemon, the
 * machine's RabbitMQ (127.0.0.1:5672) and PostgreSQL, a real DNS zone (dnsmasq) and the real
 * tools (gobuster, asmm8-permute, dig). The test reads what the next service (naabum8) and the
 * notifier would read, from queues of its own bound like theirs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AmqpIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZONE = "amqp.test";
    private static final String NEXT = "asmm8-it-naabum8";
    private static final String NOTIFY = "asmm8-it-notification";
    private static final String EVENTS = "asmm8-it-events";
    private static final List<String> FOUND = List.of("api." + ZONE, "mail." + ZONE, "www." + ZONE);
    private static TestDatabase db;
    private static DnsZone dns;
    private static Connection broker;
    private static Channel ch;
    @TempDir
    static Path dir;
    private Daemon daemon;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase().migrated();
        db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES (?, 'acme', true)", ZONE);
        Map<String, String> records = new LinkedHashMap<>();
        FOUND.forEach(n -> records.put(n, "127.0.2.1"));
        dns = new DnsZone(ZONE, records);
        connect();
        // what the platform declares, and queues of this test bound like naabum8's and the notifier's
        ch.exchangeDeclare("cptm8", "topic", true);
        ch.exchangeDeclare("notification", "topic", true);
        for (String q : List.of(NEXT, NOTIFY, EVENTS)) {
            ch.queueDeclare(q, true, false, false, null); // durable: the broker restart test keeps them
            ch.queuePurge(q);
        }
        ch.queueBind(NEXT, "cptm8", "cptm8.naabum8.#");
        ch.queueBind(NOTIFY, "notification", "app.#");
        ch.queueBind(EVENTS, "cptm8", "asmm8.event.#");
        purgeRequests();
    }

    private static void connect() throws Exception {
        if (broker != null && broker.isOpen()) {
            broker.close();
        }
        ConnectionFactory f = new ConnectionFactory();
        f.setUri("amqp://guest:guest@127.0.0.1:5672");
        broker = f.newConnection("asmm8-it");
        ch = broker.createChannel();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null && !broker.isOpen()) {
            connect();
        }
        if (ch != null) {
            for (String q : List.of(NEXT, NOTIFY, EVENTS)) {
                ch.queueDelete(q);
            }
            purgeRequests();
            broker.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static void purgeRequests() throws IOException {
        for (String q : List.of("qasmm8", "asmm8.requeue.qasmm8")) {
            try (Channel c = broker.createChannel()) {
                c.queuePurge(q);
            } catch (IOException | java.util.concurrent.TimeoutException e) {
                // not declared yet: the daemon declares it
            }
        }
    }

    @BeforeEach
    void startDaemon() throws Exception {
        daemon = startedDaemon();
    }

    @AfterEach
    void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** The daemon's environment in these tests: this test's database, the machine's broker, no schedule. */
    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_DB_URL", db.url());
        env.put("ASMM8_DB_USER", TestDatabase.USER);
        // as the Go service writes it: the trailing slash is the default vhost /
        env.put("ASMM8_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/");
        env.put("ASMM8_STAGING_DIR", dir.resolve("staging").toString());
        env.put("ASMM8_SCHEDULE_ENABLED", "false");
        env.put("ASMM8_ROUTES_RELOAD", "false");
        return env;
    }

    private static Daemon startedDaemon() throws Exception {
        Map<String, String> env = env();
        env.put("ASMM8_RESOLVERS", dns.resolver());
        env.put("ASMM8_THREADS", "20");
        env.put("ASMM8_SHUTDOWN_GRACE", "2");
        return new Daemon(env, dir.resolve("daemon.log")).awaitReady(90);
    }

    /** Publishes as the orchestrator does (persistent, confirmed); false when the broker refused it. */
    private static boolean publish(String routingKey, String body) throws Exception {
        try (Channel c = broker.createChannel()) {
            c.confirmSelect();
            c.basicPublish("cptm8", routingKey, new AMQP.BasicProperties.Builder().deliveryMode(2)
                    .contentType("application/json").build(), body.getBytes(StandardCharsets.UTF_8));
            return c.waitForConfirms(5000); // false: nacked (reject-publish)
        }
    }

    /** The messages that reached one of this test's queues within {@code seconds}, at least {@code n}. */
    private static List<GetResponse> await(String queue, int n, long seconds) throws Exception {
        List<GetResponse> got = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (got.size() < n && System.nanoTime() < end) {
            GetResponse r = ch.basicGet(queue, true);
            if (r == null) {
                Thread.sleep(100);
            } else {
                got.add(r);
            }
        }
        return got;
    }

    private static JsonNode json(GetResponse r) throws IOException {
        return JSON.readTree(r.getBody());
    }

    private static List<String> rabbitmqctl(String... args) throws Exception {
        return com.asmm8.support.Broker.rabbitmqctl(args);
    }

    /** Waits until every recorded request is closed (it is closed right after its messages are published). */
    private static void awaitRequestsDone() throws InterruptedException {
        FakeSource.await("every request done", 10_000, () -> {
            try {
                return db.single("SELECT count(*) FROM asmm8_scan_request WHERE status <> 'done'").equals("0");
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** ready and unacknowledged messages of qasmm8, and its consumers. */
    private static String requestQueue() throws Exception {
        return rabbitmqctl("list_queues", "name", "messages_ready", "messages_unacknowledged", "consumers").stream()
                .filter(l -> l.startsWith("qasmm8\t")).findFirst().orElse("qasmm8 missing");
    }

    /** Messages of qasmm8's delay queue, where a request given back waits (empty when it does not exist). */
    private static String parkedRequests() throws Exception {
        return rabbitmqctl("list_queues", "name", "messages").stream().filter(l -> l.startsWith("asmm8.requeue.qasmm8\t"))
                .map(l -> l.split("\t")[1]).findFirst().orElse("");
    }

    @Test
    @Order(1)
    void anActiveScanRequestIsCarriedOutAndTheNextServiceAndTheNotifierAreTold() throws Exception {
        assertTrue(daemon.get("/ready").body().contains("\"broker\""), "readiness names the broker");
        assertTrue(publish("cptm8.asmm8.get.scan.active", ""));

        List<GetResponse> next = await(NEXT, 1, 120);
        assertEquals(1, next.size(), "naabum8's queue got the message\n" + daemon.log());
        GetResponse m = next.get(0);
        assertEquals("cptm8.naabum8.get.scan", m.getEnvelope().getRoutingKey());
        assertEquals("application/json", m.getProps().getContentType());
        assertEquals(2, m.getProps().getDeliveryMode(), "persistent");
        JsonNode body = json(m);
        assertEquals("cptm8.naabum8.get.scan", body.path("channel").asText());
        assertEquals("asmm8", body.path("source").asText());
        Instant.parse(body.path("timestamp").asText());
        assertEquals("complete", body.path("payload").path("status").asText(), body.toString());
        assertTrue(body.path("payload").path("message").asText().contains("3 new hostnames"), body.toString());

        assertEquals(FOUND, db.column("SELECT h.name FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid "
                + "WHERE d.name = ? ORDER BY h.name", ZONE));
        awaitRequestsDone();
        assertEquals(List.of(List.of("active", "done", "complete", "0")),
                db.rows("SELECT scantype, status, outcome, joined FROM asmm8_scan_request"));

        List<GetResponse> notes = await(NOTIFY, 2, 10);
        assertEquals(2, notes.size());
        List<String> roles = new ArrayList<>();
        for (GetResponse n : notes) {
            assertEquals("app.security.normal", n.getEnvelope().getRoutingKey());
            JsonNode p = json(n).path("payload");
            roles.add(p.path("userrole").asText());
            assertEquals("security", p.path("type").asText());
            assertEquals("New hostnames have been found", p.path("message").asText());
            assertEquals("normal", p.path("metadata").path("severity").asText());
        }
        assertEquals(List.of("admin", "user"), roles.stream().sorted().toList());

        List<GetResponse> events = await(EVENTS, 1, 10);
        assertEquals(1, events.size());
        JsonNode ev = json(events.get(0)).path("payload");
        assertEquals(ZONE, ev.path("domain").asText());
        assertEquals("completed", ev.path("status").asText());
        List<String> listed = new ArrayList<>();
        ev.path("new").forEach(n -> listed.add(n.asText()));
        assertEquals(FOUND, listed);

        assertTrue(requestQueue().matches("qasmm8\t0\t0\t1"), "acknowledged, consumed: " + requestQueue());
    }

    @Test
    @Order(2)
    void aBurstOfRequestsWhileAScanRunsJoinsIt() throws Exception {
        int before = Integer.parseInt(db.single("SELECT count(*) FROM asmm8_scan_run"));
        int accepted = 0;
        for (int i = 0; i < 5; i++) {
            // as an orchestrator would: a refused publish (one request already waiting) is tried again
            for (int t = 0; t < 50 && !publish("cptm8.asmm8.get.scan.active", "{}"); t++) {
                Thread.sleep(100);
            }
            accepted++;
        }
        assertEquals(5, accepted);
        assertEquals(1, await(NEXT, 1, 120).size(), daemon.log());
        assertEquals(List.of(), await(NEXT, 1, 3), "one request, one message");
        awaitRequestsDone();
        assertEquals(List.of(List.of("done", "4")),
                db.rows("SELECT status, joined FROM asmm8_scan_request ORDER BY receivedat DESC LIMIT 1"));
        assertEquals(before + 1, Integer.parseInt(db.single("SELECT count(*) FROM asmm8_scan_run")), "no second scan");
        await(NOTIFY, 10, 2);
        await(EVENTS, 10, 2);
    }

    @Test
    @Order(3)
    void withTheDaemonStoppedTheQueueHoldsOneRequestAndRefusesTheNextWhichIsCarriedOutOnRestart() throws Exception {
        daemon.stop(60);
        assertTrue(publish("cptm8.asmm8.get.scan.passive", ""), "the first request waits in the queue");
        assertFalse(publish("cptm8.asmm8.get.scan.check", ""), "x-max-length 1, reject-publish: the next is refused");
        assertTrue(requestQueue().startsWith("qasmm8\t1\t0\t0"), requestQueue());

        daemon = startedDaemon();
        List<GetResponse> next = await(NEXT, 1, 60);
        assertEquals(1, next.size(), daemon.log());
        // no passive tool is installed here (subfinder): the scan ends with a warning, and says so
        assertEquals("warning", json(next.get(0)).path("payload").path("status").asText());
        awaitRequestsDone();
        assertEquals(List.of(List.of("passive", "done", "warning")),
                db.rows("SELECT scantype, status, outcome FROM asmm8_scan_request WHERE scantype <> 'active'"));
        List<GetResponse> notes = await(NOTIFY, 1, 10);
        assertEquals("app.warning.normal", notes.get(0).getEnvelope().getRoutingKey());
        assertEquals("system_warning", json(notes.get(0)).path("payload").path("type").asText());
        await(EVENTS, 10, 2);
    }

    @Test
    @Order(4)
    void aRequestWhoseDaemonWasKilledIsCarriedOutOnceByTheNextOne() throws Exception {
        Path tools = dir.resolve("slow-tools.yaml");
        Files.writeString(tools, FakeSource.passiveTools("slowsource", "slow", true));
        daemon.close();
        daemon = null;
        // a daemon whose passive tool pauses 8 s: killed -9 while it runs
        try (Daemon first = slowDaemon(tools, "8")) {
            assertTrue(publish("cptm8.asmm8.get.scan.passive", ""));
            FakeSource.await("the scan running", 30_000, () -> {
                try {
                    return db.single("SELECT count(*) FROM asmm8_scan_run WHERE status = 'running'").equals("1");
                } catch (Exception e) {
                    return false;
                }
            });
            first.kill();
        }
        try (Daemon second = slowDaemon(tools, "1")) {
            List<GetResponse> next = await(NEXT, 1, 60);
            assertEquals(1, next.size(), second.log());
            assertEquals(List.of(), await(NEXT, 1, 3), "carried out once");
            List<List<String>> runs = db.rows("SELECT status FROM asmm8_scan_run WHERE scantype = 'passive' "
                    + "ORDER BY startedat DESC LIMIT 2");
            assertEquals(List.of(List.of("completed"), List.of("interrupted")), runs);
            awaitRequestsDone();
            assertEquals("0", db.single("SELECT count(*) FROM (SELECT a.id FROM asmm8_scan_run a JOIN asmm8_scan_run b "
                    + "ON a.domainid = b.domainid AND a.id <> b.id AND a.startedat < coalesce(b.endedat, now()) "
                    + "AND b.startedat < coalesce(a.endedat, now()) WHERE a.status <> 'interrupted' "
                    + "AND b.status <> 'interrupted') x"), "never two scans of one domain at once");
        }
        await(NOTIFY, 10, 2);
        await(EVENTS, 10, 2);
    }

    private static Daemon slowDaemon(Path tools, String pause) throws Exception {
        Map<String, String> env = env();
        env.put("ASMM8_TOOLS", tools.toString());
        env.put("SLOW_SECONDS", pause);
        return new Daemon(env, dir.resolve("daemon.log")).awaitReady(90);
    }

    @Test
    @Order(5)
    void theDaemonReconnectsWhenTheBrokerComesBack() throws Exception {
        try {
            rabbitmqctl("stop_app");
            Thread.sleep(2000);
            assertEquals(503, daemon.get("/ready").statusCode(), "not ready without the broker");
        } finally {
            rabbitmqctl("start_app");
        }
        rabbitmqctl("await_startup");
        connect();
        daemon.awaitReady(60);
        assertTrue(publish("cptm8.asmm8.get.scan.check", ""));
        List<GetResponse> next = await(NEXT, 1, 60);
        assertEquals(1, next.size(), daemon.log());
        assertEquals("complete", json(next.get(0)).path("payload").path("status").asText());
    }

    @Test
    @Order(6)
    void aScanOfEveryDomainStartedOverHttpAlsoTellsTheNextService() throws Exception {
        assertEquals(202, daemon.get("/scan/check").statusCode());
        List<GetResponse> next = await(NEXT, 1, 60);
        assertEquals(1, next.size(), daemon.log());
        assertEquals("complete", json(next.get(0)).path("payload").path("status").asText());
        awaitRequestsDone();
        assertEquals(List.of(List.of("check", "http", "complete")), db.rows(
                "SELECT scantype, routingkey, outcome FROM asmm8_scan_request WHERE routingkey = 'http'"));
        int code = 0;
        // the first scan's domain is released just after its record and its event's publication
        // (which waits for the broker's confirm): up to 30 s on a loaded machine
        for (int i = 0; i < 300 && code != 202; i++) {
            code = daemon.get("/scan/check?domains=" + ZONE).statusCode();
            Thread.sleep(code == 202 ? 0 : 100);
        }
        assertEquals(202, code);
        assertEquals(List.of(), await(NEXT, 1, 5), "a scan of chosen domains is not a platform request");
    }

    @Test
    @Order(7)
    void aRequestThatCannotBeRecordedIsGivenBackToTheBrokerAndTakenOnceTheDatabaseIsBack() throws Exception {
        String name = db.url().substring(db.url().lastIndexOf('/') + 1);
        String admin = db.url().substring(0, db.url().lastIndexOf('/') + 1) + "postgres";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(admin, TestDatabase.USER, null);
                java.sql.Statement st = c.createStatement()) {
            // the daemon's database goes away: no new connections, the open ones cut
            st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            try {
                assertTrue(publish("cptm8.asmm8.get.scan.check", ""));
                Thread.sleep(6000); // several deliveries, each refused and parked for later
                String q = requestQueue();
                String parked = parkedRequests();
                assertTrue(q.startsWith("qasmm8\t1\t0\t1") || q.startsWith("qasmm8\t0\t1\t1")
                        || q.startsWith("qasmm8\t0\t0\t1") && parked.equals("1"),
                        "the request is still the broker's (in qasmm8 or parked): " + q + ", parked: " + parked);
                assertEquals(List.of(), await(NEXT, 1, 1));
            } finally {
                st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            }
        }
        List<GetResponse> next = await(NEXT, 1, 90);
        assertEquals(1, next.size(), daemon.log());
        awaitRequestsDone();
        assertTrue(daemon.log().contains("not taken, given back to the broker"), "the refusal is logged");
        assertTrue(requestQueue().matches("qasmm8\t0\t0\t1"), requestQueue());
    }
}
