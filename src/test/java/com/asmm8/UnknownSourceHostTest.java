package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanType;
import com.asmm8.support.RoutesTestSupport;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A source whose host the resolver does not know (a machine without the internet, a filtered
 * resolver) fails at its first attempt, naming the host, instead of waiting out its retries:
 * with twenty-two sources a passive scan offline would otherwise take minutes.
 */
class UnknownSourceHostTest extends RoutesTestSupport {

    @BeforeAll
    static void tools() throws Exception {
        Files.writeString(dir.resolve("unknown-host.yaml"), """
                tools:
                  - name: anubis
                    phase: passive
                    source: anubis
                    url: "http://asmm8-no-such-host.invalid/anubis/"
                    timeout: 1m
                """);
    }

    @Override
    protected String toolsFile() {
        return dir.resolve("unknown-host.yaml").toString();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.source.attempts", "4");
        p.put("asmm8.source.backoff", "2000");
        return p;
    }

    @Test
    void aSourceWhoseHostIsUnknownFailsAtItsFirstAttemptNamingTheHost() throws Exception {
        assertTrue(template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(new ScanRequest("offline.test", ScanType.PASSIVE)))
                .get(60, TimeUnit.SECONDS).getException() == null);
        JsonNode anubis = Json.MAPPER.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ?", "offline.test"))
                .at("/passive/tools/anubis");
        assertEquals("FAILED", anubis.at("/status").asText(), anubis.toString());
        String why = anubis.at("/message").asText();
        assertTrue(why.contains("UnknownHostException: asmm8-no-such-host.invalid") && why.endsWith("(after 1 attempts)"), why);
    }
}
