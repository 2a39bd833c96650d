package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.asmm8.support.Broker;
import com.asmm8.support.Daemon;
import com.asmm8.support.DnsZone;
import com.asmm8.support.FakeSource;
import com.asmm8.support.TestDatabase;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message given back for later waits in the broker, not in a consumer thread: the packaged
 * daemon with one scan slot, the machine's RabbitMQ and PostgreSQL, work queues of this run's own.
 */
@Timeout(300)
class RequeueDelayIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String WORK = "asmm8-requeue-it-work-" + RUN;
    private static final String REQUESTS = "asmm8-requeue-it-requests-" + RUN;
    private static final String EXCHANGE = "asmm8-requeue-it-" + RUN;
    private static final String HELD = "a.requeue.test";
    private static final String FREE = "b.requeue.test";
    @TempDir
    static Path dir;
    static TestDatabase db;
    static DnsZone dns;
    static Connection broker;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase().migrated();
        for (String d : List.of(HELD, FREE)) {
            db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES (?, 'acme', true)", d);
        }
        dns = new DnsZone("requeue.test", Map.of("www.requeue.test", "127.0.2.1"));
        ConnectionFactory f = new ConnectionFactory();
        f.setUri("amqp://guest:guest@127.0.0.1:5672");
        broker = f.newConnection("asmm8-requeue-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            try (Channel ch = broker.createChannel()) {
                for (String q : List.of(WORK, REQUESTS)) {
                    ch.queueDelete(q);
                    ch.queueDelete("asmm8.requeue." + q);
                }
                ch.exchangeDelete(EXCHANGE);
            }
            broker.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static Daemon daemon(String log) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_DB_URL", db.url());
        env.put("ASMM8_DB_USER", TestDatabase.USER);
        env.put("ASMM8_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/");
        env.put("ASMM8_WORK_QUEUE", WORK);
        env.put("ASMM8_AMQP_QUEUE", REQUESTS);
        env.put("ASMM8_AMQP_EXCHANGE", EXCHANGE);
        env.put("ASMM8_AMQP_REQUEUE_DELAY", "20000");
        env.put("ASMM8_SCAN_PARALLELISM", "1");
        env.put("ASMM8_RESOLVERS", dns.resolver());
        env.put("ASMM8_STAGING_DIR", dir.resolve("staging").toString());
        env.put("ASMM8_SCHEDULE_ENABLED", "false");
        env.put("ASMM8_ROUTES_RELOAD", "false");
        return new Daemon(env, dir.resolve(log)).awaitReady(90);
    }

    private static String item(String domain) {
        return "{\"domain\":\"" + domain + "\",\"type\":\"check\"}";
    }

    /** The scans of a domain that have ended. */
    private static int ended(String domain) {
        try {
            return Integer.parseInt(db.single("SELECT count(*) FROM asmm8_scan_run r JOIN cptm8domain d ON d.id = r.domainid "
                    + "WHERE d.name = ? AND r.status NOT IN ('running', 'queued')", domain));
        } catch (Exception e) {
            return -1;
        }
    }

    /** Messages in a queue (ready and unacknowledged), -1 when it does not exist. */
    private static int messages(String queue) throws Exception {
        return Broker.rabbitmqctl("list_queues", "name", "messages").stream().filter(l -> l.startsWith(queue + "\t"))
                .map(l -> Integer.parseInt(l.split("\t")[1])).findFirst().orElse(-1);
    }

    @Test
    void aWorkItemGivenBackWaitsInTheBrokerWhileTheOnlyConsumerTakesTheNextAndComesBackUnchanged() throws Exception {
        // another daemon holds the first domain's lease: its item cannot be carried out now
        assertEquals(1,
                db.update("UPDATE asmm8_domain_lease SET owner = 'node-elsewhere', token = token + 1, leaseuntil = now() + interval "
                        + "'1 hour' WHERE domainid = (SELECT id FROM cptm8domain WHERE name = ?)", HELD));
        byte[] held = item(HELD).getBytes(StandardCharsets.UTF_8);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2)
                .messageId("item-" + RUN).headers(Map.of("probe", "kept")).build();
        try (Daemon d = daemon("first.log"); Channel ch = broker.createChannel()) {
            FakeSource.await("the work queue declared", 30_000, () -> {
                try {
                    return messages(WORK) >= 0;
                } catch (Exception e) {
                    return false;
                }
            });
            ch.confirmSelect();
            ch.basicPublish("asmm8.work", WORK, props, held);
            ch.basicPublish("asmm8.work", WORK, props, item(FREE).getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(10_000);

            // one consumer thread (parallelism 1): the second item is scanned while the first waits
            FakeSource.await("the free domain scanned", 90_000, () -> ended(FREE) == 1);
            String delayQueue = "asmm8.requeue." + WORK;
            FakeSource.await("the held domain's item parked in " + delayQueue, 10_000, () -> {
                try {
                    return messages(delayQueue) == 1;
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals(0, ended(HELD), "not carried out while held elsewhere");
            assertEquals(0, messages(WORK), "acknowledged on the work queue: the broker holds it in " + delayQueue);
            d.stop(60);
        }

        // the lease is free: after the delay the item is back on the work queue as it was published
        db.update("UPDATE asmm8_domain_lease SET owner = NULL, leaseuntil = NULL WHERE domainid = "
                + "(SELECT id FROM cptm8domain WHERE name = ?)", HELD);
        try (Channel ch = broker.createChannel()) {
            GetResponse[] back = new GetResponse[1];
            FakeSource.await("the item back on " + WORK, 60_000, () -> {
                try {
                    back[0] = ch.basicGet(WORK, false);
                    return back[0] != null;
                } catch (Exception e) {
                    return false;
                }
            });
            AMQP.BasicProperties p = back[0].getProps();
            assertArrayEquals(held, back[0].getBody(), new String(back[0].getBody(), StandardCharsets.UTF_8));
            assertEquals("application/json", p.getContentType());
            assertEquals(2, p.getDeliveryMode(), "persistent");
            assertEquals("item-" + RUN, p.getMessageId());
            assertEquals("kept", String.valueOf(p.getHeaders().get("probe")), p.toString());
            assertNotNull(p.getHeaders().get("x-death"), "dead-lettered back by the broker: " + p);
            assertEquals(null, p.getExpiration(), "the delay is not carried further");
            ch.basicNack(back[0].getEnvelope().getDeliveryTag(), false, true);
        }
        try (Daemon d = daemon("second.log")) {
            FakeSource.await("the held domain scanned once its lease is free", 90_000, () -> ended(HELD) == 1);
            assertEquals(1, ended(FREE), "each item carried out once");
        }
    }
}
