package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.EngineTestSupport;
import com.asmm8.support.TestResponder;
import com.asmm8.support.TestResponder.Rec;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A brute force that runs out of time (a 3 s tool time-out, the engine at 1,000 questions a
 * second, 8,000 words) records how far it came; the next scan of the domain starts there and
 * says so, and so on until the list is done: every real name is found, and the words asked over
 * all runs are not much more than the list (each run asks again only what its checkpoint's lag
 * left open). A finished brute force is not resumed: the scan after it asks the whole list.
 */
class BruteResumeTest extends EngineTestSupport {

    private static final String DOMAIN = "resume.test";
    private static final int WORDS = 8_000;
    private static TestResponder dns;
    private static final List<String> REAL = new ArrayList<>();

    @BeforeAll
    static void zone() throws Exception {
        dns = new TestResponder();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < WORDS; i++) {
            words.add("w" + i);
            if (i % 500 == 250) {
                dns.name("w" + i + "." + DOMAIN, Rec.a("10.9." + (i / 250) + ".1"));
                REAL.add("w" + i + "." + DOMAIN);
            }
        }
        Files.write(dir.resolve("resume-words.txt"), words);
        engineTools("3s");
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", dns.resolver());
        p.put("asmm8.wordlist", dir.resolve("resume-words.txt").toString());
        p.put("asmm8.dns.rate", "1000");
        p.put("asmm8.dns.checkpoint-lag", "500");
        p.put("asmm8.batch.timeout", "100");
        return p;
    }

    @Test
    void aBruteForceThatStoppedMidwayResumesAtItsCheckpointUntilTheListIsDone() throws Exception {
        long before = dns.udpQueries.get();
        JsonNode first = bruteforce(DOMAIN);
        assertEquals("FAILED", first.at("/status").asText(), first.toString());
        assertTrue(first.at("/message").asText().startsWith("timed out after 3 s"), first.toString());
        long line = first.at("/checkpoint/line").asLong();
        assertTrue(line > 500 && line < WORDS, first.toString());
        List<Long> lines = new ArrayList<>(List.of(line));
        JsonNode last = first;
        for (int run = 0; run < 12 && !"OK".equals(last.at("/status").asText()); run++) {
            last = bruteforce(DOMAIN);
            assertTrue(last.at("/message").asText().contains("resumed after line " + lines.get(lines.size() - 1) + " of the wordlist, "
                    + "where scan "), last.toString());
            lines.add(last.at("/checkpoint/line").asLong());
        }
        assertEquals("OK", last.at("/status").asText(), "the list was done in the end: " + lines);
        assertEquals(REAL, names(DOMAIN).stream().sorted((a, b) -> Integer.compare(num(a), num(b))).toList());
        long asked = dns.udpQueries.get() - before;
        assertTrue(asked < WORDS * 1.5, asked + " questions over " + lines.size() + " runs for " + WORDS + " words");

        long again = dns.udpQueries.get();
        JsonNode fresh = bruteforce(DOMAIN);
        assertTrue(!fresh.at("/message").asText().contains("resumed"), "a finished brute force starts over: " + fresh);
        assertTrue(dns.udpQueries.get() - again > 2_000, "the whole list is asked again from the top");
    }

    private static int num(String name) {
        return Integer.parseInt(name.substring(1, name.indexOf('.')));
    }
}
