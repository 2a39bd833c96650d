package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.asmm8.scan.ScanType;
import com.asmm8.support.EngineTestSupport;
import com.asmm8.support.Knot;
import com.asmm8.support.RecordsZone;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the names answered, kept: a brute force of a zone served by Knot (an authoritative-only
 * server) stores each name's addresses and CNAME chain; a check after the zone changed marks the
 * old values not current, logs exactly the changes, and finds exactly the two takeover leads (a
 * CNAME to a name that does not exist, a CNAME into a fingerprinted service that answers
 * NXDOMAIN), not the CNAME into that service that exists.
 */
class RecordsAndLeadsTest extends EngineTestSupport {

    private static Knot knot;

    @BeforeAll
    static void servers() throws Exception {
        knot = new Knot("127.0.0.51", RecordsZone.zones("acme.test", "10.51", "127.0.0.51", 1));
        engineAndCheckTools();
        Files.writeString(dir.resolve("records-words.txt"), RecordsZone.WORDS);
    }

    @AfterAll
    static void stop() throws Exception {
        knot.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        return engineOn(super.useOverridePropertiesWithPropertiesComponent(), knot.resolver(), "records-words.txt");
    }

    private static List<List<String>> current() throws Exception {
        return db.rows("SELECT h.name, r.type, r.value FROM asmm8_record r JOIN cptm8hostname h ON h.id = r.hostnameid "
                + "WHERE r.current ORDER BY 1, 2, 3");
    }

    private static List<List<String>> leads() throws Exception {
        return db.rows("SELECT name, coalesce(service, '-'), target, rcode, array_to_string(chain, ',') FROM asmm8_takeover_lead "
                + "WHERE current ORDER BY name");
    }

    @Test
    void aBruteForceKeepsWhatEachNameAnsweredAndACheckLogsExactlyWhatChangedAndTheTwoLeads() throws Exception {
        scan("acme.test", ScanType.ACTIVE);
        assertEquals(List.of("api.acme.test", "app.acme.test", "cdn.acme.test", "edge.acme.test", "edge2.acme.test", "lb.acme.test",
                "mail.acme.test", "ns1.acme.test", "old.acme.test", "shop.acme.test", "www.acme.test"), names("acme.test"));
        List<List<String>> first = List.of(List.of("api.acme.test", "A", "10.51.0.3"),
                List.of("app.acme.test", "CNAME", "acme-app.azurewebsites.net"),
                // Knot answers the CNAME out of its zone alone: the engine asks the chain's end for the address
                List.of("cdn.acme.test", "A", "10.51.1.1"), List.of("cdn.acme.test", "CNAME", "live-app.azurewebsites.net"),
                List.of("edge.acme.test", "A", "10.51.0.9"), List.of("edge.acme.test", "CNAME", "lb.acme.test"),
                List.of("edge2.acme.test", "A", "10.51.0.9"), List.of("edge2.acme.test", "CNAME", "lb.acme.test"),
                List.of("lb.acme.test", "A", "10.51.0.9"), List.of("mail.acme.test", "A", "10.51.9.4"),
                List.of("ns1.acme.test", "A", "127.0.0.51"), List.of("old.acme.test", "CNAME", "gone.acme.test"),
                List.of("shop.acme.test", "A", "10.51.0.9"), List.of("shop.acme.test", "CNAME", "edge.acme.test"),
                List.of("shop.acme.test", "CNAME", "lb.acme.test"), List.of("www.acme.test", "A", "10.51.0.1"),
                List.of("www.acme.test", "A", "10.51.0.2"));
        assertEquals(first, current());
        assertEquals("0", db.single("SELECT count(*) FROM asmm8_record_change"));
        List<List<String>> twoLeads = List.of(
                List.of("app.acme.test", "Microsoft Azure", "acme-app.azurewebsites.net", "NXDOMAIN", "acme-app.azurewebsites.net"),
                List.of("old.acme.test", "-", "gone.acme.test", "NXDOMAIN", "gone.acme.test"));
        assertEquals(twoLeads, leads());

        // the zone changes: one of www's two addresses, api's address, and shop's CNAME
        knot.reload(RecordsZone.zones("acme.test", "10.51", "127.0.0.51", 2), "api.acme.test", "10.51.0.6");
        scan("acme.test", ScanType.CHECK);
        assertEquals(List.of(List.of("api.acme.test", "A", "10.51.0.3", "10.51.0.6"),
                List.of("shop.acme.test", "CNAME", "edge.acme.test,lb.acme.test", "edge2.acme.test,lb.acme.test"),
                List.of("www.acme.test", "A", "10.51.0.1,10.51.0.2", "10.51.0.1,10.51.0.5")),
                db.rows("SELECT name, type, old, new FROM asmm8_record_change ORDER BY name, type"));
        assertEquals(List.of(List.of("api.acme.test", "A", "10.51.0.3"), List.of("shop.acme.test", "CNAME", "edge.acme.test"),
                List.of("www.acme.test", "A", "10.51.0.2")),
                db.rows("SELECT h.name, r.type, r.value FROM asmm8_record r JOIN cptm8hostname h ON h.id = r.hostnameid "
                        + "WHERE NOT r.current AND r.lastseen IS NOT NULL ORDER BY 1, 2, 3"));
        assertEquals(twoLeads, leads());

        // a check with nothing changed writes no record row
        String before = db.single("SELECT string_agg(xmin::text || hostnameid || type || value, ',' ORDER BY hostnameid, type, value) "
                + "FROM asmm8_record");
        scan("acme.test", ScanType.CHECK);
        assertEquals(before, db.single("SELECT string_agg(xmin::text || hostnameid || type || value, ',' ORDER BY hostnameid, type, "
                + "value) FROM asmm8_record"));
        assertEquals("3", db.single("SELECT count(*) FROM asmm8_record_change"));
    }
}
