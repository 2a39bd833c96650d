package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Dnsmasq;
import com.asmm8.support.EngineTestSupport;
import com.asmm8.support.LimitedRelay;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pool with public resolvers' manners, each a relay on its own loopback address in front of a
 * real dnsmasq: one that answers REFUSED above 100 questions a second, one that loses half the
 * questions, two without limits. Every real name of a 3,000-word list is still found (a REFUSED
 * or lost question is asked again on another resolver, never taken for an answer), the
 * rate-limited one rests, and the report counts what each did.
 */
class RateLimitedPoolTest extends EngineTestSupport {

    private static final String DOMAIN = "limits.test";
    private static final List<String> REAL = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta");
    private static Dnsmasq server;
    private static LimitedRelay limited;
    private static LimitedRelay lossy;
    private static LimitedRelay plain1;
    private static LimitedRelay plain2;
    private static LimitedRelay slow;

    @BeforeAll
    static void pool() throws Exception {
        List<String> o = new ArrayList<>(List.of("--auth-server=ns1.limits.test,127.0.0.40", "--auth-zone=" + DOMAIN,
                "--auth-soa=1,hostmaster.limits.test"));
        REAL.forEach(w -> o.add("--host-record=" + w + "." + DOMAIN + ",10.0.1." + (REAL.indexOf(w) + 1)));
        server = new Dnsmasq("127.0.0.40", o);
        limited = new LimitedRelay("127.0.0.41", server.resolver(), 100, 0);
        lossy = new LimitedRelay("127.0.0.42", server.resolver(), 0, 50);
        plain1 = new LimitedRelay("127.0.0.43", server.resolver(), 0, 0);
        plain2 = new LimitedRelay("127.0.0.44", server.resolver(), 0, 0);
        slow = new LimitedRelay("127.0.0.45", server.resolver(), 0, 0, 250);
        Files.write(dir.resolve("limits.txt"),
                List.of(limited.resolver(), lossy.resolver(), plain1.resolver(), plain2.resolver(), slow.resolver()));
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            words.add(i % 375 == 0 ? REAL.get(i / 375) : "none" + i); // the real names spread over the whole run
        }
        Files.write(dir.resolve("limits-words.txt"), words);
        engineTools("2m");
    }

    @AfterAll
    static void stop() throws Exception {
        for (LimitedRelay r : List.of(limited, lossy, plain1, plain2, slow)) {
            r.close();
        }
        server.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", "");
        p.put("asmm8.resolvers-file", dir.resolve("limits.txt").toString());
        p.put("asmm8.dns.trusted-resolvers", server.resolver());
        p.put("asmm8.wordlist", dir.resolve("limits-words.txt").toString());
        p.put("asmm8.dns.resolver-fail-streak", "10");
        p.put("asmm8.dns.resolver-rest", "200");
        return fastDns(p, 6);
    }

    @Test
    void everyRealNameIsFoundThoughOneResolverRefusesAboveItsRateAndOneLosesHalfTheQuestions() throws Exception {
        JsonNode engine = bruteforce(DOMAIN);
        assertEquals("OK", engine.at("/status").asText(), engine.toString());
        assertEquals(REAL.stream().map(w -> w + "." + DOMAIN).sorted().toList(), names(DOMAIN));
        // every real name is found (above); of the 2,992 words that are no name a few may run out of
        // attempts on a loaded machine (the slow relay answers 250 ms late, near the 300 ms time-out)
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^3000 names asked, 8 found, 0 wildcard answers dropped, (\\d+) unanswered")
                .matcher(engine.at("/message").asText());
        assertTrue(m.find() && Integer.parseInt(m.group(1)) <= 5, engine.toString());
        assertTrue(limited.refused.get() > 0, "the relay refused above its rate");
        assertTrue(lossy.dropped.get() > 0, "the relay lost questions");
        Map<String, JsonNode> lines = new HashMap<>();
        engine.at("/resolvers/resolvers").forEach(l -> lines.put(l.at("/resolver").asText(), l));
        JsonNode l = lines.get(limited.resolver());
        assertTrue(l.at("/failures").asLong() > 0 && l.at("/rests").asInt() > 0, "the limited resolver rested: " + l);
        assertTrue(lines.get(lossy.resolver()).at("/timeouts").asLong() > 0, lines.get(lossy.resolver()).toString());
        assertTrue(lines.get(slow.resolver()).at("/answers").asLong() > 0, "the slow one answers, late: " + lines.get(slow.resolver()));
    }
}
