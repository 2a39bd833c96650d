package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanType;
import com.asmm8.support.EngineTestSupport;
import com.asmm8.support.TestResponder;
import com.asmm8.support.TestResponder.Rec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in DNS engine against what real zones do and dnsmasq cannot serve (a test responder
 * on 127.0.0.1, UDP and TCP): rotating wildcards, label-echo CNAME wildcards, empty
 * non-terminals, AAAA-only names, SERVFAIL subtrees, lost packets, truncated answers; and a
 * second resolver that invents answers, which the health check drops. Each case asserts the
 * exact rows stored.
 */
class DnsEngineCasesTest extends EngineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestResponder dns;
    private static TestResponder liar;

    @BeforeAll
    static void zones() throws Exception {
        dns = new TestResponder();
        liar = new TestResponder().answerEverything();
        // rot.test: an apex wildcard answering 2 of 8 addresses, a real name, an AAAA-only name,
        // an empty non-terminal (ent: only a.ent.rot.test exists)
        List<String> pool = List.of("10.3.9.1", "10.3.9.2", "10.3.9.3", "10.3.9.4", "10.3.9.5", "10.3.9.6", "10.3.9.7", "10.3.9.8");
        dns.wildcard("rot.test", q -> {
            int i = ThreadLocalRandom.current().nextInt(pool.size());
            return List.of(Rec.a(pool.get(i)), Rec.a(pool.get((i + 1) % pool.size())));
        });
        dns.name("www.rot.test", Rec.a("10.3.0.1"));
        dns.name("v6.rot.test", Rec.aaaa("2001:db8::6"));
        dns.name("a.ent.rot.test", Rec.a("10.3.0.2"));
        // cname.test: a wildcard CNAME whose target echoes the queried label; a real CNAME
        dns.wildcard("cname.test", q -> List.of(Rec.cname(q.substring(0, q.indexOf('.')) + ".edge.cdn.example")));
        dns.name("shop.cname.test", Rec.cname("shops.hosting.example"));
        dns.name("shops.hosting.example", Rec.a("10.4.0.1"));
        // sf.test: a subtree that answers SERVFAIL, beside a real name
        dns.servfail("broken.sf.test");
        dns.name("www.sf.test", Rec.a("10.5.0.1"));
        // trunc.test: an answer too big for UDP (truncated), given over TCP
        dns.truncate("big.trunc.test");
        dns.name("big.trunc.test", Rec.a("10.6.0.1"));
        // loss.test: 200 real names
        for (int i = 0; i < 200; i++) {
            dns.name("h" + i + ".loss.test", Rec.a("10.7." + (i / 250) + "." + (i % 250 + 1)));
        }
        engineTools("2m");
    }

    @AfterAll
    static void stopZones() {
        dns.close();
        liar.close();
    }

    @AfterEach
    void noLoss() {
        dns.drop(0);
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", dns.resolver() + "," + liar.resolver());
        p.put("asmm8.wordlist", dir.resolve("words.txt").toString());
        return fastDns(p, 6);
    }

    private JsonNode bruteforce(String domain, List<String> words) throws Exception {
        Files.write(dir.resolve("words.txt"), words);
        ScanRequest req = new ScanRequest(domain, ScanType.ACTIVE);
        Exchange done = template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(req)).get(120, TimeUnit.SECONDS);
        assertNull(done.getException());
        JsonNode engine = JSON.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ?", domain))
                .at("/bruteforce/tools/asmm8-dns");
        assertEquals("OK", engine.at("/status").asText(), engine.toString());
        assertTrue(engine.at("/message").asText().endsWith("to [" + dns.resolver() + "] (1 dropped)"),
                "the resolver that invents answers was dropped: " + engine);
        return engine;
    }

    @Test
    void aRotatingApexWildcardIsFilteredWhileRealAaaaOnlyNamesStayAndAnEmptyNonTerminalIsNoHost() throws Exception {
        List<String> words = new ArrayList<>(List.of("www", "v6", "ent"));
        for (int i = 0; i < 40; i++) {
            words.add("guess" + i);
        }
        JsonNode engine = bruteforce("rot.test", words);
        assertEquals(List.of("v6.rot.test", "www.rot.test"), names("rot.test"));
        assertEquals(40, Integer.parseInt(engine.at("/message").asText().replaceAll(".* (\\d+) wildcard answers dropped.*", "$1")),
                engine.toString());
    }

    @Test
    void aCnameWildcardEchoingTheLabelIsFilteredAndARealCnameIsKept() throws Exception {
        bruteforce("cname.test", List.of("shop", "www", "mail", "api", "dev"));
        assertEquals(List.of("shop.cname.test"), names("cname.test"));
    }

    @Test
    void aServfailSubtreeIsRetriedAndCountedUnansweredNeverStored() throws Exception {
        JsonNode engine = bruteforce("sf.test", List.of("www", "broken", "nothing"));
        assertEquals(List.of("www.sf.test"), names("sf.test"));
        assertTrue(engine.at("/message").asText().contains("1 unanswered"), engine.toString());
    }

    @Test
    void aTruncatedAnswerIsAskedAgainOverTcp() throws Exception {
        long before = dns.tcpQueries.get();
        bruteforce("trunc.test", List.of("big", "small"));
        assertEquals(List.of("big.trunc.test"), names("trunc.test"));
        assertTrue(dns.tcpQueries.get() > before, "the truncated answer was asked again over TCP");
    }

    @Test
    void everyNameIsFoundWithFivePercentOfPacketsLost() throws Exception {
        dns.drop(0.05);
        List<String> words = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            words.add("h" + i);
            if (i < 200) {
                expected.add("h" + i + ".loss.test");
            }
        }
        long droppedBefore = dns.dropped.get();
        bruteforce("loss.test", words);
        expected.sort(null);
        assertEquals(expected, names("loss.test"));
        assertTrue(dns.dropped.get() - droppedBefore > 10, "packets were lost: " + (dns.dropped.get() - droppedBefore));
    }
}
