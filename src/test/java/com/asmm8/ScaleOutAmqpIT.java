package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Daemon;
import com.asmm8.support.FakeSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@link ScaleOutIT} with the broker (RabbitMQ on 127.0.0.1:5672): the schedule's work items go
 * to the work queue (one per due domain), the three daemons consume it as competing consumers,
 * and the items of a daemon killed mid-scan go to the others. A scan asked for over HTTP of one
 * daemon, or by a platform request, becomes one work item per domain too, spread over all three.
 * The queues and exchanges are this run's own, so nothing of another test on the same broker is
 * touched.
 */
class ScaleOutAmqpIT extends ScaleOutIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String WORK = "asmm8-scale-it-work-" + RUN;
    private static final String REQUESTS = "asmm8-scale-it-requests-" + RUN;
    private static final String EXCHANGE = "asmm8-scale-it-" + RUN;

    @Override
    Map<String, String> env(String node) {
        Map<String, String> env = super.env(node);
        env.put("ASMM8_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/");
        env.put("ASMM8_WORK_QUEUE", WORK);
        env.put("ASMM8_AMQP_QUEUE", REQUESTS);
        env.put("ASMM8_AMQP_EXCHANGE", EXCHANGE);
        env.put("ASMM8_AMQP_REQUEUE_DELAY", "500");
        return env;
    }

    @Test
    @Order(3)
    void aScanAskedOverHttpOfOneDaemonIsSpreadAsWorkItemsOverAllThree() throws Exception {
        threeRunning("-3");
        Timestamp since = dbNow();
        HttpResponse<String> r = daemons.get("node-1").get("/scan/active");
        assertEquals(202, r.statusCode(), r.body());
        TreeSet<String> answered = new TreeSet<>();
        new ObjectMapper().readTree(r.body()).path("data").path("scans").forEach(s -> answered.add(s.path("id").asText()));
        assertEquals(DOMAINS, answered.size(), r.body());

        awaitRound(since, 120_000);
        List<Run> runs = runs(since);
        assertOneRound(runs);
        assertEquals(answered, carriedOut(runs).stream().map(Run::id).collect(Collectors.toCollection(TreeSet::new)),
                "the ids node-1 answered are the scans carried out, whichever node carried them out");
        assertSpread(runs);
        assertNoNameLost();
    }

    @Test
    @Order(4)
    void aPlatformRequestIsSpreadAsWorkItemsOverAllThreeAndClosedWhenTheyEnd() throws Exception {
        threeRunning("-4");
        // a request of the same type while one is open joins it: wait for the HTTP scan's to close
        FakeSource.await("no request open", 60_000, () -> {
            try {
                return db.column("SELECT id FROM asmm8_scan_request WHERE status <> 'done'").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        Timestamp since = dbNow();
        ConnectionFactory f = new ConnectionFactory();
        f.setUri("amqp://guest:guest@127.0.0.1:5672");
        try (Connection c = f.newConnection("asmm8-scale-it"); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            ch.basicPublish(EXCHANGE, "cptm8.asmm8.get.scan.active", new AMQP.BasicProperties.Builder()
                    .contentType("application/json").deliveryMode(2).build(), "{}".getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(10_000);
        }
        FakeSource.await("the request closed", 120_000, () -> {
            try {
                return db.column("SELECT status FROM asmm8_scan_request WHERE routingkey = 'cptm8.asmm8.get.scan.active' "
                        + "AND receivedat >= ?", since).equals(List.of("done"));
            } catch (Exception e) {
                return false;
            }
        });
        List<Run> runs = runs(since);
        assertOneRound(runs);
        // (warning: no tool is declared for the permute and resolve phases of these active scans)
        assertEquals(List.of("active scan of 30 domains ended with warnings"), db.column("SELECT split_part(message, ':', 1) "
                + "FROM asmm8_scan_request WHERE routingkey = 'cptm8.asmm8.get.scan.active' AND receivedat >= ?", since));
        assertEquals(carriedOut(runs).stream().map(Run::id).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(db.column("SELECT unnest(scanids)::text FROM asmm8_scan_request "
                        + "WHERE routingkey = 'cptm8.asmm8.get.scan.active' AND receivedat >= ?", since)),
                "the request waited for exactly the scans carried out");
        assertSpread(runs);
    }

    /**
     * The schedule off: only asked scans run. The daemon running two of them is killed; the broker
     * gives their work items to the others, which carry them out once its leases expire, and its
     * rows end interrupted: every domain scanned to the end exactly once.
     */
    @Test
    @Order(5)
    void anAskedScanWhoseDaemonIsKilledIsCarriedOutByAnotherWithTheScheduleOff() throws Exception {
        for (Daemon d : daemons.values()) {
            d.close();
        }
        daemons.clear();
        for (String n : NODES) {
            Map<String, String> env = env(n);
            env.put("ASMM8_SCHEDULE_ENABLED", "false");
            daemons.put(n, new Daemon(env, dir.resolve(n + "-5.log")));
        }
        for (Daemon d : daemons.values()) {
            d.awaitReady(120);
        }
        db.update("UPDATE cptm8domain SET enabled = true"); // (whether or not the tests before ran)
        Timestamp since = dbNow();
        HttpResponse<String> r = daemons.get("node-1").get("/scan/active");
        assertEquals(202, r.statusCode(), r.body());
        String[] victim = new String[1];
        FakeSource.await("a node running two asked scans", 60_000, () -> {
            try {
                List<String> busy = db.column("SELECT node FROM asmm8_scan_run WHERE status = 'running' AND phase = 'bruteforce' "
                        + "AND startedat >= ? GROUP BY node HAVING count(*) = 2", since);
                victim[0] = busy.isEmpty() ? null : busy.get(0);
                return victim[0] != null;
            } catch (Exception e) {
                return false;
            }
        });
        daemons.get(victim[0]).kill();
        List<String> killed = db.column("SELECT id::text FROM asmm8_scan_run WHERE node = ? AND status = 'running'", victim[0]);
        assertEquals(2, killed.size(), "killed while it ran two");

        awaitRound(since, 120_000);
        List<Run> runs = runs(since);
        assertOneRound(runs);
        for (String id : killed) {
            Run k = runs.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            assertEquals("interrupted", k.status(), k.toString());
            Run again = carriedOut(runs).stream().filter(x -> x.domain().equals(k.domain())).findFirst().orElseThrow();
            assertTrue(!again.node().equals(victim[0]), "carried out by another node: " + again);
            System.out.printf("asked scan of %s: killed on %s, carried out again by %s %.1f s after it began%n", k.domain(),
                    victim[0], again.node(), (again.start().getTime() - k.start().getTime()) / 1000.0);
        }
        assertEquals(List.of(), db.column("SELECT id FROM asmm8_scan_run WHERE status IN ('running', 'queued')"));
        assertNoNameLost();
        for (Daemon d : daemons.values()) {
            d.close();
        }
        daemons.clear();
    }

    private static void assertSpread(List<Run> runs) {
        Map<String, Long> perNode = carriedOut(runs).stream().collect(Collectors.groupingBy(Run::node, TreeMap::new,
                Collectors.counting()));
        assertEquals(NODES, List.copyOf(perNode.keySet()), "work on all three: " + perNode);
    }

    @AfterAll
    static void deleteQueues() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri("amqp://guest:guest@127.0.0.1:5672");
        try (Connection c = f.newConnection("asmm8-scale-it"); Channel ch = c.createChannel()) {
            for (String q : List.of(WORK, REQUESTS)) {
                ch.queueDelete(q);
                ch.queueDelete("asmm8.requeue." + q); // its delay queue, when an item was given back
            }
            ch.exchangeDelete(EXCHANGE);
        }
    }
}
