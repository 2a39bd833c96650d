package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanType;
import com.asmm8.support.EngineTestSupport;
import com.asmm8.support.Knot;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the zone gives away itself, against Knot on 127.0.0.61 port 53 (where the daemon asks
 * authoritative servers): a zone that allows a transfer gives every name (source axfr); one that
 * refuses it is a quiet, recorded outcome; a zone Knot signs with NSEC is walked to its last name
 * (source nsec); one signed with NSEC3 is reported as such, not walked.
 */
class ZoneDiscoveryTest extends EngineTestSupport {

    private static Knot knot;

    private static String zone(String names) {
        return "@ SOA ns1 hostmaster 1 3600 600 86400 300\n@ NS ns1\nns1 A 127.0.0.61\n" + names;
    }

    @BeforeAll
    static void servers() throws Exception {
        knot = new Knot("127.0.0.61", 53, List.of(
                new Knot.Zone("open.test", zone("www A 10.61.0.1\nmail A 10.61.0.2\nbuild.internal A 10.61.0.3\n*.dev A 10.61.0.9\n"), true,
                        null),
                new Knot.Zone("closed.test", zone("www A 10.61.1.1\nsecret-admin A 10.61.1.2\n"), false, null),
                new Knot.Zone("signed.test", zone("alpha A 10.61.2.1\nbravo A 10.61.2.2\nzulu.deep A 10.61.2.3\n"), false, "nsec"),
                new Knot.Zone("hashed.test", zone("alpha A 10.61.3.1\n"), false, "nsec3")));
        Files.writeString(dir.resolve("zone-tools.yaml"), """
                tools:
                  - name: axfr
                    phase: zone
                    engine: axfr
                    timeout: 1m
                  - name: nsec
                    phase: zone
                    engine: nsec
                    timeout: 1m
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        knot.close();
    }

    @Override
    protected String toolsFile() {
        return dir.resolve("zone-tools.yaml").toString();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", knot.resolver());
        p.put("asmm8.zone.timeout", "2000");
        return p;
    }

    private JsonNode zonePhase(String domain) throws Exception {
        scan(domain, ScanType.ACTIVE);
        return Json.MAPPER.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ? ORDER BY startedat DESC LIMIT 1",
                domain)).at("/zone/tools");
    }

    private static List<List<String>> sources(String domain) throws Exception {
        return db.rows("SELECT h.name, array_to_string(h.sources, ' ') FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid "
                + "WHERE d.name = ? ORDER BY h.name", domain);
    }

    @Test
    void aZoneThatAllowsATransferGivesEveryNameAndOneThatRefusesItIsAQuietOutcome() throws Exception {
        JsonNode open = zonePhase("open.test");
        assertEquals("OK", open.at("/axfr/status").asText(), open.toString());
        assertTrue(open.at("/axfr/message").asText().startsWith("zone transfer: [ns1.open.test (127.0.0.61:53): transferred "),
                open.toString());
        assertEquals(
                List.of(List.of("build.internal.open.test", "axfr"), List.of("mail.open.test", "axfr"), List.of("ns1.open.test", "axfr"),
                        List.of("open.test", "axfr"), List.of("www.open.test", "axfr")),
                sources("open.test"), "every name, the apex too; not the wildcard's *");

        JsonNode closed = zonePhase("closed.test");
        assertEquals("OK", closed.at("/axfr/status").asText(), closed.toString());
        assertTrue(closed.at("/axfr/message").asText().startsWith("no server gave the zone: [ns1.closed.test (127.0.0.61:53): refused"),
                closed.toString());
        assertTrue(closed.at("/nsec/message").asText().startsWith("the zone's denials carry no NSEC record"), closed.toString());
        assertEquals(List.of(), sources("closed.test"));
    }

    @Test
    void aZoneSignedWithNsecIsWalkedToItsLastNameAndNsec3IsReportedNotWalked() throws Exception {
        JsonNode signed = zonePhase("signed.test");
        assertEquals("OK", signed.at("/nsec/status").asText(), signed.toString());
        assertTrue(signed.at("/nsec/message").asText().startsWith("walked the whole chain: "), signed.toString());
        assertEquals(List.of(List.of("alpha.signed.test", "nsec"), List.of("bravo.signed.test", "nsec"), List.of("ns1.signed.test", "nsec"),
                List.of("signed.test", "nsec"), List.of("zulu.deep.signed.test", "nsec")), sources("signed.test"));

        JsonNode hashed = zonePhase("hashed.test");
        assertEquals("OK", hashed.at("/nsec/status").asText(), hashed.toString());
        assertEquals("the zone is signed with NSEC3: its names are hashed, not walked: 0 names in 1 questions",
                hashed.at("/nsec/message").asText());
        assertEquals(List.of(), sources("hashed.test"));
    }
}
