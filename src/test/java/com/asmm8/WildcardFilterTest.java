package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanType;
import com.asmm8.support.FakeSource;
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
 * The wildcard filter on the names other tools report as resolving: a stand-in bruteforce tool
 * and a stand-in resolve tool (fake-source, as gobuster or dnsx would be declared) print real
 * names and names that only a wildcard answers, on a zone with a wildcard at the apex and a
 * nested one with real names under it; only the real names are stored. Names a passive source
 * reports under a wildcard are kept, flagged and not live, when only the wildcard answers them.
 */
class WildcardFilterTest extends RoutesTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestResponder dns;

    /** A tools.yaml entry: fake-source printing LABEL.{domain} for each line of {@code file}. */
    static String listing(String name, String phase, String file) {
        return """
                  - name: %s
                    phase: %s
                    binary: %s
                    args: [list, "{domain}", lines, "%s"]
                    timeout: 60s
                """.formatted(name, phase, FakeSource.PATH, dir.resolve(file));
    }

    @BeforeAll
    static void zone() throws Exception {
        dns = new TestResponder()
                .wildcard("wf.test", Rec.a("10.7.0.1"))
                .name("www.wf.test", Rec.a("10.7.1.1"))
                .wildcard("dev.wf.test", Rec.a("10.7.0.2"))
                .name("api.dev.wf.test", Rec.a("10.7.1.2"))
                .name("v6.dev.wf.test", Rec.aaaa("2001:db8::7"))
                .wildcard("pw.test", Rec.a("10.6.0.1"))
                .name("www.pw.test", Rec.a("10.6.1.1"));
        Files.writeString(dir.resolve("passive.txt"), "www\nghost\nold\nx.deep\n");
        Files.writeString(dir.resolve("brute.txt"), "www\nfoo\nbar\n");
        Files.writeString(dir.resolve("perms.txt"), "p1\n");
        Files.writeString(dir.resolve("resolved.txt"), "api.dev\nv6.dev\nx.dev\ny\n");
        Files.writeString(dir.resolve("filter.yaml"), "tools:\n"
                + listing("fake-gobuster", "bruteforce", "brute.txt")
                + listing("fake-alterx", "permute", "perms.txt")
                + listing("fake-dnsx", "resolve", "resolved.txt")
                + listing("fake-crtsh", "passive", "passive.txt"));
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    @Override
    protected String toolsFile() {
        return dir.resolve("filter.yaml").toString();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", dns.resolver());
        p.put("asmm8.dns.timeout", "500");
        p.put("asmm8.dns.backoff", "20");
        p.put("asmm8.dns.passive-wildcards", "true");
        p.put("asmm8.dns.passive-wildcard-parents", "1"); // pw.test; deep.pw.test is one too many
        return p;
    }

    @Test
    void namesOtherToolsReportAreStoredOnlyWhenMoreThanTheirParentsWildcardAnswersThem() throws Exception {
        Exchange done = template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(new ScanRequest("wf.test", ScanType.ACTIVE)))
                .get(120, TimeUnit.SECONDS);
        assertNull(done.getException());
        assertEquals(List.of(
                List.of("api.dev.wf.test", "true", "{fake-dnsx}"),
                List.of("v6.dev.wf.test", "true", "{fake-dnsx}"),
                List.of("www.wf.test", "true", "{fake-gobuster}")),
                db.rows("SELECT name, live::text, sources::text FROM cptm8hostname WHERE name LIKE '%wf.test' ORDER BY name"));
        JsonNode phases = JSON.readTree(db.single(
                "SELECT phases::text FROM asmm8_scan_run WHERE domain = ? ORDER BY startedat DESC LIMIT 1", "wf.test"));
        assertEquals("OK", phases.at("/bruteforce/status").asText(), phases.toString());
        assertEquals(2, phases.at("/bruteforce/tools/fake-gobuster/wildcardDropped").asInt(), phases.toString());
        assertEquals(2, phases.at("/resolve/tools/fake-dnsx/wildcardDropped").asInt(), phases.toString());
        assertTrue(phases.at("/resolve/tools/fake-dnsx/unjudged").isMissingNode(), phases.toString());
    }

    @Test
    void passiveNamesOnlyAWildcardAnswersAreStoredFlaggedAndNotLiveAndParentsBeyondTheCapAreSaidUnjudged() throws Exception {
        db.update("INSERT INTO cptm8domain (id, name) VALUES (gen_random_uuid(), 'pw.test')");
        db.update("INSERT INTO cptm8hostname (name, live, domainid, sources) SELECT 'old.pw.test', true, id, '{earlier}' "
                + "FROM cptm8domain WHERE name = 'pw.test'");
        Exchange done = template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(new ScanRequest("pw.test", ScanType.PASSIVE)))
                .get(120, TimeUnit.SECONDS);
        assertNull(done.getException());
        assertEquals(List.of(
                List.of("ghost.pw.test", "false", "{fake-crtsh,wildcard}"),
                List.of("old.pw.test", "false", "{earlier,fake-crtsh,wildcard}"),
                List.of("www.pw.test", "true", "{fake-crtsh}"),
                List.of("x.deep.pw.test", "true", "{fake-crtsh}")),
                db.rows("SELECT name, live::text, sources::text FROM cptm8hostname WHERE name LIKE '%pw.test' ORDER BY name"));
        JsonNode phases = JSON.readTree(db.single(
                "SELECT phases::text FROM asmm8_scan_run WHERE domain = ? ORDER BY startedat DESC LIMIT 1", "pw.test"));
        assertEquals("OK", phases.at("/passive/status").asText(), phases.toString());
        assertEquals(2, phases.at("/passive/tools/fake-crtsh/wildcardFlagged").asInt(), phases.toString());
        // beyond the cap of parents probed per scan: stored unjudged, and the phase says so
        assertEquals(1, phases.at("/passive/tools/fake-crtsh/unjudged").asInt(), phases.toString());
        assertTrue(phases.at("/passive/message").asText().contains("asmm8.dns.passive-wildcard-parents"), phases.toString());
    }
}
