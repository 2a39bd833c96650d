package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanType;
import com.asmm8.support.RoutesTestSupport;
import com.asmm8.support.TestResponder;
import com.asmm8.support.TestResponder.Rec;
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
 * The built-in DNS engine as the tool of the bruteforce, resolve and check phases, on a zone with
 * a wildcard at the apex and a nested one below it with real names under it: an active scan
 * stores exactly the real names, and a check marks a name that only the wildcard still answers
 * not live, while an AAAA-only name stays live.
 */
class DnsEnginePhasesTest extends RoutesTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestResponder dns;

    @BeforeAll
    static void zone() throws Exception {
        dns = new TestResponder()
                .wildcard("nest.test", Rec.a("10.8.0.1"))
                .name("www.nest.test", Rec.a("10.8.1.1"))
                .wildcard("dev.nest.test", Rec.a("10.8.0.2"))
                .name("api.dev.nest.test", Rec.a("10.8.1.2"))
                .name("v6.dev.nest.test", Rec.aaaa("2001:db8::8"));
        Files.writeString(dir.resolve("words.txt"), "www\ndev\nmail\n");
        // the permutations a generator would stage, fixed here so the rows are exact
        Files.writeString(dir.resolve("perms.txt"), String.join("\n", "api.dev.nest.test", "v6.dev.nest.test",
                "test.dev.nest.test", "stage.nest.test", "www2.nest.test", "x.www.nest.test") + "\n");
        Files.writeString(dir.resolve("engine.yaml"), """
                tools:
                  - name: asmm8-dns
                    phase: bruteforce
                    engine: dns
                  - name: fixed-permutations
                    phase: permute
                    binary: cat
                    args: ["%s"]
                  - name: asmm8-dns-resolve
                    phase: resolve
                    engine: dns
                  - name: asmm8-dns-check
                    phase: check
                    engine: dns
                """.formatted(dir.resolve("perms.txt")));
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    @Override
    protected String toolsFile() {
        return dir.resolve("engine.yaml").toString();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", dns.resolver());
        p.put("asmm8.wordlist", dir.resolve("words.txt").toString());
        p.put("asmm8.dns.timeout", "500");
        p.put("asmm8.dns.backoff", "20");
        return p;
    }

    private JsonNode scan(String domain, ScanType type) throws Exception {
        Exchange done = template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(new ScanRequest(domain, type)))
                .get(120, TimeUnit.SECONDS);
        assertNull(done.getException());
        return JSON.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ? ORDER BY startedat DESC LIMIT 1",
                domain));
    }

    private static List<List<String>> rows() throws Exception {
        return db.rows("SELECT name, live::text, sources::text FROM cptm8hostname WHERE name LIKE '%nest.test' ORDER BY name");
    }

    @Test
    void anActiveScanKeepsRealNamesUnderNestedWildcardsAndACheckDoesNotCountAWildcardAnswerAsLive() throws Exception {
        JsonNode phases = scan("nest.test", ScanType.ACTIVE);
        assertEquals(List.of(
                List.of("api.dev.nest.test", "true", "{asmm8-dns-resolve}"),
                List.of("v6.dev.nest.test", "true", "{asmm8-dns-resolve}"),
                List.of("www.nest.test", "true", "{asmm8-dns}")), rows());
        assertEquals("OK", phases.at("/resolve/tools/asmm8-dns-resolve/status").asText(), phases.toString());
        assertEquals(6, phases.at("/resolve/tools/asmm8-dns-resolve/total").asInt());
        assertEquals("[\"dev.nest.test\",\"nest.test\"]", phases.at("/resolve/tools/asmm8-dns-resolve/wildcards").toString());
        // one wildcard cache per scan, shared by the brute force, the resolve phase and the filter:
        // the apex is probed for A with its 3 random labels once in the whole scan (each resolver
        // check also asks one random name under the domain, and one under invalid.; without the
        // shared cache: 6 probes)
        assertEquals(3, dns.probes.get("A nest.test").get() - dns.probes.get("A invalid").get(), dns.probes.toString());

        dns.remove("www.nest.test"); // now only the apex wildcard answers for it
        phases = scan("nest.test", ScanType.CHECK);
        assertEquals("OK", phases.at("/check/tools/asmm8-dns-check/status").asText(), phases.toString());
        assertEquals(List.of(
                List.of("api.dev.nest.test", "true", "{asmm8-dns-resolve}"),
                List.of("v6.dev.nest.test", "true", "{asmm8-dns-resolve}"),
                List.of("www.nest.test", "false", "{asmm8-dns}")), rows());
    }
}
