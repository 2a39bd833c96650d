package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Daemon;
import com.asmm8.support.DnsZone;
import com.asmm8.support.FakeSource;
import com.asmm8.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three daemon processes from the packaged jar on one database share 30 domains served by a local
 * DNS server (active scans, the built-in engine paced to a few seconds a domain): every domain is
 * scanned exactly once per round, the work is spread over the three, and no domain is ever scanned
 * by two at once (from the scan-run rows' time ranges). A daemon killed with kill -9 mid-scan has
 * its domains taken over by the others once its leases expire, with nothing lost, and leaves no
 * staging once it starts again; all three killed and restarted at once lose and double nothing.
 * Subclasses run the same with the work items on a RabbitMQ work queue.
 */
@Timeout(400)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    static final String ZONE = "scale.test";
    static final int DOMAINS = 30;
    static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    /** Lease time to live in these tests (s): the takeover bound is this plus the poll period. */
    static final int TTL = 4;

    static TestDatabase db;
    static DnsZone dns;
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    static Path dir;
    /** The three daemons, kept from one test to the next (the second goes on with the first's). */
    static final Map<String, Daemon> daemons = new LinkedHashMap<>();

    static String domain(int i) {
        return String.format("d%02d.%s", i, ZONE);
    }

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase().migrated();
        Map<String, String> records = new LinkedHashMap<>();
        List<String> words = new ArrayList<>(List.of("www", "mail", "api"));
        IntStream.range(0, 150).forEach(i -> words.add("nx" + i));
        for (int i = 0; i < DOMAINS; i++) {
            for (String w : List.of("www", "mail", "api")) {
                records.put(w + "." + domain(i), "127.0.3." + (i + 1));
            }
            records.put(domain(i), "127.0.3." + (i + 1));
            // added disabled: enabled once the three daemons run, so that none starts alone
            db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES (?, 'acme', false)", domain(i));
        }
        dns = new DnsZone(ZONE, records);
        Files.write(dir.resolve("words.txt"), words);
        Files.writeString(dir.resolve("tools.yaml"), "tools:\n  - name: asmm8-dns\n    phase: bruteforce\n    engine: dns\n");
    }

    @AfterAll
    static void stop() throws Exception {
        for (Daemon d : daemons.values()) {
            d.close();
        }
        daemons.clear();
        if (dns != null) {
            dns.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** The environment of every daemon; subclasses add the broker's. */
    Map<String, String> env(String node) {
        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_NODE_ID", node);
        env.put("ASMM8_DB_URL", db.url());
        env.put("ASMM8_DB_USER", TestDatabase.USER);
        env.put("ASMM8_TOOLS", dir.resolve("tools.yaml").toString());
        env.put("ASMM8_WORDLIST", dir.resolve("words.txt").toString());
        env.put("ASMM8_STAGING_DIR", dir.resolve("staging").toString());
        env.put("ASMM8_RESOLVERS", dns.resolver());
        env.put("ASMM8_DNS_RATE", "100"); // ~3 s a domain: scans overlap and a kill lands mid-scan
        env.put("ASMM8_SCAN_TYPE", "active");
        env.put("ASMM8_SCAN_PARALLELISM", "2");
        env.put("ASMM8_SCHEDULE_DELAY", "300");
        env.put("ASMM8_SCHEDULE_POLL", "500");
        env.put("ASMM8_SCHEDULE_PERIOD", "3600000"); // one round an hour: a second round only when the test asks
        env.put("ASMM8_LEASE_TTL", Integer.toString(TTL));
        env.put("ASMM8_BATCH_TIMEOUT", "200");
        env.put("ASMM8_ROUTES_RELOAD", "false");
        env.put("ASMM8_SHUTDOWN_GRACE", "2");
        env.put("ASMM8_CANCEL_POLL", "500");
        return env;
    }

    void startAll(String logSuffix) throws Exception {
        for (String n : NODES) {
            daemons.put(n, new Daemon(env(n), dir.resolve(n + logSuffix + ".log")));
        }
        for (Daemon d : daemons.values()) {
            d.awaitReady(120);
        }
    }

    @Test
    @Order(10)
    void aScanIsCancelledThroughADaemonThatDoesNotRunIt() throws Exception {
        threeRunning("-10");
        Timestamp since = dbNow();
        db.update("UPDATE asmm8_domain_lease SET lastscanat = NULL"); // a new round
        // a scan of node-2 asked to cancel through node-1; a scan that ends before node-2 finds
        // the mark (they take ~2 s here) is not cancelled: then the next one is tried
        String cancelled = null;
        for (int attempt = 0; attempt < 8 && cancelled == null; attempt++) {
            String[] running = new String[1];
            FakeSource.await("node-2 scanning", 60_000, () -> {
                try {
                    List<String> ids = db.column("SELECT id::text FROM asmm8_scan_run WHERE node = 'node-2' "
                            + "AND status = 'running' AND phase = 'bruteforce' AND cancelrequestedat IS NULL AND startedat >= ?", since);
                    running[0] = ids.isEmpty() ? null : ids.get(0);
                    return running[0] != null;
                } catch (Exception e) {
                    return false;
                }
            });
            var answer = daemons.get("node-1").send("DELETE", "/scan/" + running[0], null);
            if (answer.statusCode() == 409) {
                continue; // it ended meanwhile
            }
            assertEquals(202, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("runs on node node-2"), answer.body());
            FakeSource.await("scan " + running[0] + " ended", 30_000, () -> {
                try {
                    return !db.single("SELECT status FROM asmm8_scan_run WHERE id = ?::uuid", running[0]).equals("running");
                } catch (Exception e) {
                    return false;
                }
            });
            if (db.single("SELECT status FROM asmm8_scan_run WHERE id = ?::uuid", running[0]).equals("cancelled")) {
                cancelled = running[0];
            }
        }
        assertTrue(cancelled != null, "no scan of node-2 was cancelled through node-1 in 8 attempts");
        // the round ends (no test after this one sees its scans running)
        FakeSource.await("the round ended", 120_000, () -> {
            try {
                return db.column("SELECT id FROM asmm8_scan_run WHERE status IN ('running', 'queued')").isEmpty()
                        && db.column("SELECT domainid FROM asmm8_domain_lease WHERE lastscanat IS NULL").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Three daemons running: those the last test left, or three started now. */
    void threeRunning(String logSuffix) throws Exception {
        if (daemons.size() < NODES.size() || daemons.values().stream().anyMatch(d -> !d.alive())) {
            for (Daemon d : daemons.values()) {
                d.close();
            }
            daemons.clear();
            startAll(logSuffix);
        }
    }

    /** A scan-run row: who ran which domain when, and how it ended. */
    record Run(String id, String domain, String node, String status, Timestamp start, Timestamp end, String error) {
    }

    static List<Run> runs(Timestamp since) throws Exception {
        List<Run> out = new ArrayList<>();
        for (List<String> r : db.rows("SELECT id, domain, node, status, startedat, endedat, error FROM asmm8_scan_run "
                + "WHERE startedat >= ? ORDER BY domain, startedat", since)) {
            out.add(new Run(r.get(0), r.get(1), r.get(2), r.get(3), Timestamp.valueOf(r.get(4)),
                    "null".equals(r.get(5)) ? null : Timestamp.valueOf(r.get(5)), r.get(6)));
        }
        return out;
    }

    static List<Run> carriedOut(List<Run> runs) {
        return runs.stream().filter(r -> r.status().equals("completed") || r.status().equals("warning")).toList();
    }

    static void awaitRound(Timestamp since, long ms) throws Exception {
        FakeSource.await("every domain scanned once since " + since, ms, () -> {
            try {
                return carriedOut(runs(since)).size() >= DOMAINS && db.column(
                        "SELECT id FROM asmm8_scan_run WHERE status = 'running'").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Exactly one scan carried out per domain; on each domain the runs follow each other, never overlap. */
    static void assertOneRound(List<Run> runs) {
        Map<String, Long> perDomain = carriedOut(runs).stream().collect(Collectors.groupingBy(Run::domain, TreeMap::new,
                Collectors.counting()));
        assertEquals(DOMAINS, perDomain.size(), "every domain scanned: " + perDomain);
        assertTrue(perDomain.values().stream().allMatch(n -> n == 1), "each exactly once: " + perDomain);
        Map<String, List<Run>> byDomain = runs.stream().collect(Collectors.groupingBy(Run::domain));
        byDomain.forEach((d, rs) -> {
            for (int i = 1; i < rs.size(); i++) {
                Run before = rs.get(i - 1);
                Run after = rs.get(i);
                assertTrue(before.end() != null && !before.end().after(after.start()),
                        "two scans of " + d + " at once: " + before + " and " + after);
            }
        });
    }

    static void assertNoNameLost() throws Exception {
        for (int i = 0; i < DOMAINS; i++) {
            assertEquals(List.of("api." + domain(i), "mail." + domain(i), "www." + domain(i)),
                    db.column("SELECT h.name FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid "
                            + "WHERE d.name = ? ORDER BY h.name", domain(i)),
                    "names of " + domain(i));
        }
    }

    static Timestamp dbNow() throws Exception {
        return Timestamp.valueOf(db.single("SELECT now()"));
    }

    List<String> stagingLeft() throws Exception {
        Path staging = dir.resolve("staging");
        if (!Files.isDirectory(staging)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(staging)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    @Order(1)
    void threeDaemonsShareARoundAndTakeOverTheDomainsOfOneKilledMidScan() throws Exception {
        startAll("-1");
        Timestamp since = dbNow();
        db.update("UPDATE cptm8domain SET enabled = true");

        // node-3 is killed while it scans
        FakeSource.await("node-3 scanning", 60_000, () -> {
            try {
                return !db.column("SELECT id FROM asmm8_scan_run WHERE node = 'node-3' AND status = 'running' "
                        + "AND phase = 'bruteforce'").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        daemons.get("node-3").kill();
        List<String> killedRuns = db.column("SELECT id::text FROM asmm8_scan_run WHERE node = 'node-3' AND status = 'running'");
        assertTrue(!killedRuns.isEmpty());

        // the others take its domains over once its leases expire (TTL s) and finish the round
        awaitRound(since, 120_000);
        List<Run> runs = runs(since);
        assertOneRound(runs);
        for (String id : killedRuns) {
            Run r = runs.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            assertEquals("interrupted", r.status(), r.toString());
            assertTrue(r.error().contains("taken over by node node-"), r.toString());
            Run next = runs.stream().filter(x -> x.domain().equals(r.domain()) && x.start().after(r.start())
                    && !x.status().equals("interrupted")).findFirst().orElseThrow();
            assertTrue(!next.node().equals("node-3"), "completed by another node: " + next);
        }
        Map<String, Long> perNode = runs.stream().collect(Collectors.groupingBy(Run::node, TreeMap::new, Collectors.counting()));
        assertEquals(NODES, List.copyOf(perNode.keySet()), "work on all three: " + perNode);
        assertNoNameLost();

        // node-3 starts again: the staging of its killed scans is removed, and it takes part again
        assertTrue(!stagingLeft().isEmpty(), "the killed scans' staging is left until then");
        daemons.put("node-3", new Daemon(env("node-3"), dir.resolve("node-3-1b.log")).awaitReady(120));
        assertEquals(List.of(), stagingLeft(), () -> "in " + dir);
        assertEquals(DOMAINS, carriedOut(runs(since)).size(), "nothing scanned twice after the restart");
    }

    @Test
    @Order(2)
    void allThreeKilledAndRestartedAtOnceLoseAndDoubleNothing() throws Exception {
        threeRunning("-2");
        Timestamp since = dbNow();
        db.update("UPDATE asmm8_domain_lease SET lastscanat = NULL"); // a new round: every domain due
        FakeSource.await("scans running", 60_000, () -> {
            try {
                return db.column("SELECT id FROM asmm8_scan_run WHERE status = 'running'").size() >= 3;
            } catch (Exception e) {
                return false;
            }
        });
        for (Daemon d : daemons.values()) {
            d.kill();
        }
        daemons.clear();
        startAll("-2b");
        awaitRound(since, 120_000);
        List<Run> runs = runs(since);
        assertOneRound(runs);
        assertTrue(runs.stream().anyMatch(r -> r.status().equals("interrupted")), "the kill interrupted scans: " + runs);
        Map<String, Long> perNode = carriedOut(runs).stream().collect(Collectors.groupingBy(Run::node, TreeMap::new,
                Collectors.counting()));
        assertEquals(NODES, List.copyOf(perNode.keySet()), "work on all three: " + perNode);
        assertNoNameLost();
        assertEquals(List.of(), stagingLeft());
    }
}
