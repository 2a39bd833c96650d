package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanType;
import com.asmm8.support.RoutesTestSupport;
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
 * The wildcard filter when its resolver does not answer: the names a bruteforce tool reports are
 * stored unjudged, and the phase report says so and why.
 */
class WildcardFilterNoResolverTest extends RoutesTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestResponder dead;

    @BeforeAll
    static void tools() throws Exception {
        dead = new TestResponder().silent();
        Files.writeString(dir.resolve("brute.txt"), "www\nfoo\n");
        Files.writeString(dir.resolve("unjudged.yaml"), "tools:\n"
                + WildcardFilterTest.listing("fake-gobuster", "bruteforce", "brute.txt"));
    }

    @AfterAll
    static void stop() {
        dead.close();
    }

    @Override
    protected String toolsFile() {
        return dir.resolve("unjudged.yaml").toString();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", dead.resolver());
        p.put("asmm8.dns.timeout", "300");
        p.put("asmm8.dns.attempts", "2");
        p.put("asmm8.dns.backoff", "20");
        return p;
    }

    @Test
    void withNoUsableResolverTheNamesAreStoredAndThePhaseReportSaysTheyWereNotJudged() throws Exception {
        Exchange done = template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(new ScanRequest("nr.test", ScanType.ACTIVE)))
                .get(120, TimeUnit.SECONDS);
        assertNull(done.getException());
        assertEquals(List.of(List.of("foo.nr.test", "{fake-gobuster}"), List.of("www.nr.test", "{fake-gobuster}")),
                db.rows("SELECT name, sources::text FROM cptm8hostname WHERE name LIKE '%nr.test' ORDER BY name"));
        JsonNode phases = JSON.readTree(db.single(
                "SELECT phases::text FROM asmm8_scan_run WHERE domain = ? ORDER BY startedat DESC LIMIT 1", "nr.test"));
        assertEquals(2, phases.at("/bruteforce/tools/fake-gobuster/unjudged").asInt(), phases.toString());
        String message = phases.at("/bruteforce/message").asText();
        assertTrue(message.contains("wildcards not checked") && message.contains("no usable resolver"), phases.toString());
    }
}
