package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Daemon;
import com.asmm8.support.FakeSource;
import com.asmm8.support.TestDatabase;
import com.asmm8.support.TestResponder;
import com.asmm8.support.TestResponder.Rec;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
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
 * kill -9 of the daemon in the middle of a 200,000-word brute force (the built-in engine at 4,000
 * questions a second against a local authoritative responder): after the restart the next scan of
 * the domain resumes at the checkpoint the killed run left in its record, asks fewer than half
 * the words again, says so, and every real name of the list is stored.
 */
@Timeout(600)
class ResumeIT {

    private static final String DOMAIN = "resume9.test";
    private static final int WORDS = 200_000;
    private static TestDatabase db;
    private static TestResponder dns;
    private static final List<String> REAL = new ArrayList<>();
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase().migrated();
        db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES (?, 'Acme', true)", DOMAIN);
        dns = new TestResponder();
        List<String> words = new ArrayList<>(WORDS);
        for (int i = 0; i < WORDS; i++) {
            words.add("w" + i);
            if (i % 2_000 == 1_000) {
                dns.name("w" + i + "." + DOMAIN, Rec.a("10.9." + (i / 2_000) + ".1"));
                REAL.add("w" + i + "." + DOMAIN);
            }
        }
        Files.write(dir.resolve("words.txt"), words);
        Files.writeString(dir.resolve("tools.yaml"), """
                tools:
                  - name: asmm8-dns
                    phase: bruteforce
                    engine: dns
                    timeout: 10m
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        dns.close();
        db.close();
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_DB_URL", db.url());
        env.put("ASMM8_DB_USER", TestDatabase.USER);
        env.put("ASMM8_TOOLS", dir.resolve("tools.yaml").toString());
        env.put("ASMM8_STAGING_DIR", dir.resolve("staging").toString());
        env.put("ASMM8_SCHEDULE_ENABLED", "false");
        env.put("ASMM8_BATCH_TIMEOUT", "200");
        env.put("ASMM8_WORDLIST", dir.resolve("words.txt").toString());
        env.put("ASMM8_RESOLVERS", dns.resolver());
        env.put("ASMM8_RESOLVER_RATE", "4000");
        env.put("ASMM8_DNS_CHECKPOINT_LAG", "3000");
        return env;
    }

    private static long done() {
        try {
            String d = db.single("SELECT phases #>> '{bruteforce,tools,asmm8-dns,done}' FROM asmm8_scan_run WHERE domain = ? "
                    + "AND status = 'running'", DOMAIN);
            return d == null ? 0 : Long.parseLong(d);
        } catch (Exception e) {
            return 0;
        }
    }

    @Test
    void aBruteForceKilledMidwayResumesAfterTheRestartAndStoresEveryRealName() throws Exception {
        try (Daemon first = new Daemon(env(), dir.resolve("first.log")).awaitReady(60)) {
            assertEquals(202, first.get("/scan/active?domains=" + DOMAIN).statusCode());
            FakeSource.await("the brute force past 60 % of the list", 240_000, () -> done() >= WORDS * 6 / 10);
            first.kill();
        }
        long killedAt = done();
        long before = dns.udpQueries.get();
        try (Daemon second = new Daemon(env(), dir.resolve("second.log")).awaitReady(60)) {
            assertEquals("interrupted", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", DOMAIN));
            assertEquals(202, second.get("/scan/active?domains=" + DOMAIN).statusCode());
            FakeSource.await("the second scan ended", 240_000, () -> {
                try {
                    return "0".equals(db.single("SELECT count(*) FROM asmm8_scan_run WHERE domain = ? AND status = 'running'",
                            DOMAIN)) && "2".equals(db.single("SELECT count(*) FROM asmm8_scan_run WHERE domain = ?", DOMAIN));
                } catch (Exception e) {
                    return false;
                }
            });
        }
        long asked = dns.udpQueries.get() - before;
        JsonNode engine = Json.MAPPER.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ? ORDER BY "
                + "startedat DESC LIMIT 1", DOMAIN)).at("/bruteforce/tools/asmm8-dns");
        assertEquals("OK", engine.at("/status").asText(), engine.toString());
        assertTrue(engine.at("/message").asText().startsWith("resumed after line "), engine.toString());
        assertTrue(asked < WORDS / 2, asked + " questions after the restart (killed at " + killedAt + " words done)");
        List<String> stored = db.column("SELECT h.name FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid "
                + "WHERE d.name = ? ORDER BY h.name", DOMAIN);
        assertEquals(REAL.stream().sorted().toList(), stored);
        System.out.println("ResumeIT: killed at " + killedAt + " of " + WORDS + " words; " + asked + " questions after the restart; "
                + engine.at("/message").asText());
    }
}
