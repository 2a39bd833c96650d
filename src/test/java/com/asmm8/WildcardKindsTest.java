package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.asmm8.support.EngineTestSupport;
import com.asmm8.support.TestResponder;
import com.asmm8.support.TestResponder.Rec;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of wildcard on one server, brute-forced ten times with 400 words each: a wildcard
 * answering 2 of 8 addresses at random, a CNAME wildcard echoing the asked label into a target
 * that another wildcard answers with rotating addresses, one embedding the label in a target's
 * label ({label}-edge), a nested wildcard below real names, and a SERVFAIL subtree. Not one name
 * only a wildcard answers is stored in ten runs, and every real name is.
 */
class WildcardKindsTest extends EngineTestSupport {

    private static TestResponder dns;
    private static final Map<String, List<String>> REAL = new TreeMap<>();

    @BeforeAll
    static void zones() throws Exception {
        dns = new TestResponder();
        List<String> eight = List.of("10.3.9.1", "10.3.9.2", "10.3.9.3", "10.3.9.4", "10.3.9.5", "10.3.9.6", "10.3.9.7", "10.3.9.8");
        dns.wildcard("rot.test", q -> {
            List<String> two = new ArrayList<>(eight);
            java.util.Collections.shuffle(two, ThreadLocalRandom.current());
            return List.of(Rec.a(two.get(0)), Rec.a(two.get(1)));
        });
        real("rot.test", "www", Rec.a("10.3.0.1"));
        real("rot.test", "api", Rec.a("10.3.0.2"));
        // *.echo.test CNAME {label}.edge.cdnx.example; *.edge.cdnx.example A, 1 of 4 at random
        dns.wildcard("echo.test", q -> List.of(Rec.cname(q.substring(0, q.indexOf('.')) + ".edge.cdnx.example")));
        dns.wildcard("edge.cdnx.example", q -> List.of(Rec.a("10.8.1." + (1 + ThreadLocalRandom.current().nextInt(4)))));
        real("echo.test", "shop", Rec.cname("shops.hosting.example"));
        dns.name("shops.hosting.example", Rec.a("10.4.0.1"));
        real("echo.test", "mail", Rec.a("10.4.0.2"));
        // *.dash.test CNAME {label}-edge.cdny.example, answered by *.cdny.example
        dns.wildcard("dash.test", q -> List.of(Rec.cname(q.substring(0, q.indexOf('.')) + "-edge.cdny.example")));
        dns.wildcard("cdny.example", Rec.a("10.8.2.1"));
        real("dash.test", "vpn", Rec.a("10.4.1.1"));
        // nest.test: real names, and a wildcard one level down (*.deep.nest.test) with a real name under it
        real("nest.test", "www", Rec.a("10.5.0.1"));
        dns.wildcard("deep.nest.test", Rec.a("10.5.9.9"));
        real("nest.test", "real.deep", Rec.a("10.5.0.2"));
        dns.servfail("broken.nest.test");
        List<String> words = new ArrayList<>(List.of("www", "api", "shop", "mail", "vpn", "real.deep", "broken"));
        for (int i = 0; i < 390; i++) {
            words.add(i % 3 == 0 ? "w" + i + ".deep" : "w" + i);
        }
        Files.write(dir.resolve("kinds-words.txt"), words);
        engineTools("2m");
    }

    private static void real(String zone, String label, Rec rec) {
        dns.name(label + "." + zone, rec);
        REAL.computeIfAbsent(zone, z -> new ArrayList<>()).add(label + "." + zone);
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", dns.resolver());
        p.put("asmm8.wordlist", dir.resolve("kinds-words.txt").toString());
        return fastDns(p, 3);
    }

    @Test
    void noNameOnlyAWildcardAnswersIsStoredInTenRunsOfEveryKind() throws Exception {
        for (int run = 0; run < 10; run++) {
            for (String zone : REAL.keySet()) {
                bruteforce(zone);
            }
        }
        for (var e : REAL.entrySet()) {
            assertEquals(e.getValue().stream().sorted().toList(), names(e.getKey()), "the names stored under " + e.getKey());
        }
    }
}
