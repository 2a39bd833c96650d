package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanType;
import com.asmm8.support.EngineTestSupport;
import com.asmm8.support.TestResponder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resolver health check before the engine runs: a resolver that does not answer and one
 * that answers everything are both refused, so the brute force fails with the reasons instead
 * of ending "ok" with nothing found.
 */
class DnsResolverHealthTest extends EngineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestResponder dead;
    private static TestResponder liar;

    @BeforeAll
    static void resolvers() throws Exception {
        dead = new TestResponder().silent();
        liar = new TestResponder().answerEverything();
        Files.writeString(dir.resolve("words.txt"), "www\nmail\n");
        engineTools("2m");
    }

    @AfterAll
    static void stop() {
        dead.close();
        liar.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", dead.resolver() + "," + liar.resolver());
        p.put("asmm8.wordlist", dir.resolve("words.txt").toString());
        p.put("asmm8.dns.timeout", "200");
        p.put("asmm8.dns.backoff", "20");
        p.put("asmm8.dns.attempts", "2");
        return p;
    }

    @Test
    void aDeadResolverAndOneThatAnswersEverythingFailTheBruteForceWithTheirReasons() throws Exception {
        String d = "health.test";
        Exchange done = template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(new ScanRequest(d, ScanType.ACTIVE)))
                .get(120, TimeUnit.SECONDS);
        assertNull(done.getException());
        assertEquals(List.of(), names(d));
        JsonNode phases = JSON.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ?", d));
        JsonNode engine = phases.at("/bruteforce/tools/asmm8-dns");
        assertEquals("FAILED", engine.at("/status").asText(), engine.toString());
        String why = engine.at("/message").asText();
        assertTrue(why.startsWith("no usable resolver: " + dead.resolver() + " cannot see health.test (timeout from "), why);
        assertTrue(why.contains(liar.resolver() + " answered [A 192.0.2.66] for "), why);
        assertTrue(why.endsWith(".invalid, a name that cannot exist (a resolver that invents answers)"), why);
        assertEquals("FAILED", phases.at("/bruteforce/status").asText());
        assertEquals("failed", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d));
        assertTrue(dead.udpQueries.get() >= 2, "the dead resolver was asked again after a time-out");
    }
}
