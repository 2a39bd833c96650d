package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanType;
import com.asmm8.support.DnsZone;
import com.asmm8.support.EngineTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in DNS engine as the bruteforce tool of an active scan, against dnsmasq on 127.0.0.1
 * serving zones with wildcards: the exact rows stored and the engine's report in the scan-run
 * record. No external binary runs.
 */
class DnsEngineScanTest extends EngineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DnsZone zone;

    @BeforeAll
    static void zoneAndTools() throws Exception {
        zone = new DnsZone("apex.test", Map.of(
                "www.apex.test", "10.1.1.1",
                "mail.apex.test", "10.1.1.2",
                "www.plain.test", "10.2.2.1",
                "api.plain.test", "10.2.2.2",
                "real.wild.plain.test", "10.2.2.3"),
                List.of("--local=/plain.test/",
                        "--address=/apex.test/10.7.7.7", // apex wildcard: *.apex.test
                        "--address=/wild.plain.test/10.9.9.9")); // wildcard one level down
        Files.writeString(dir.resolve("words.txt"), "www\nmail\napi\ndev\nvpn\nwild\nstaging\n");
        engineTools("2m");
    }

    @AfterAll
    static void stopZone() throws Exception {
        zone.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", zone.resolver());
        p.put("asmm8.wordlist", dir.resolve("words.txt").toString());
        p.put("asmm8.dns.timeout", "500");
        p.put("asmm8.dns.backoff", "50");
        return p;
    }

    private JsonNode activeScan(String domain) throws Exception {
        ScanRequest req = new ScanRequest(domain, ScanType.ACTIVE);
        Exchange done = template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(req)).get(120, TimeUnit.SECONDS);
        assertNull(done.getException());
        return JSON.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ?", domain));
    }

    private static List<List<String>> rows(String domain) throws Exception {
        return db.rows("SELECT h.name, h.live::text, h.sources::text FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid "
                + "WHERE d.name = ? ORDER BY h.name", domain);
    }

    @Test
    void anApexWildcardIsFilteredAndTheRealNamesAreStored() throws Exception {
        JsonNode phases = activeScan("apex.test");
        assertEquals(List.of(
                List.of("mail.apex.test", "true", "{asmm8-dns}"),
                List.of("www.apex.test", "true", "{asmm8-dns}")), rows("apex.test"));
        JsonNode engine = phases.at("/bruteforce/tools/asmm8-dns");
        assertEquals("OK", engine.at("/status").asText(), engine.toString());
        assertEquals(7, engine.at("/total").asInt());
        assertEquals(7, engine.at("/done").asInt());
        assertEquals(2, engine.at("/found").asInt());
        assertEquals("[\"apex.test\"]", engine.at("/wildcards").toString());
        assertTrue(engine.at("/message").asText().contains("5 wildcard answers dropped"), engine.toString());
    }

    @Test
    void aWildcardOneLevelDownLeavesItsOwnNameAndTheNamesBesideIt() throws Exception {
        // wild.plain.test itself answers (dnsmasq's --address covers the name): its parent
        // plain.test has no wildcard, so it is a real host; nothing else under plain.test answers
        JsonNode phases = activeScan("plain.test");
        assertEquals(List.of(
                List.of("api.plain.test", "true", "{asmm8-dns}"),
                List.of("wild.plain.test", "true", "{asmm8-dns}"),
                List.of("www.plain.test", "true", "{asmm8-dns}")), rows("plain.test"));
        JsonNode engine = phases.at("/bruteforce/tools/asmm8-dns");
        assertTrue(engine.at("/wildcards").isMissingNode(), engine.toString());
    }
}
