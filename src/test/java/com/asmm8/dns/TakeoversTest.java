package com.asmm8.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.util.ConfigurationError;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The takeover fingerprints as users edit them: the shipped file loads; a lead names the service
 * a chain points under (the nearest name of the chain first); a dangling chain without a matching
 * service is still a lead; an edit is picked up, a broken edit keeps the fingerprints in use.
 */
class TakeoversTest {

    @TempDir
    Path dir;

    private static DnsAnswer answer(DnsAnswer.Status status, List<String> chain, String... records) {
        return new DnsAnswer(status, Set.of(records), null, new InetSocketAddress("127.0.0.1", 53), chain);
    }

    @Test
    void theShippedFingerprintsLoadAndNameTheServiceOfADanglingChain() {
        Takeovers t = new Takeovers(Path.of("config/takeovers.yaml"));
        assertTrue(t.fingerprints().size() >= 20, "seeded from can-i-take-over-xyz");
        DnsAnswer azure = answer(DnsAnswer.Status.NXDOMAIN, List.of("x.trafficmanager.net", "gone.cloudapp.net"),
                "CNAME x.trafficmanager.net.", "CNAME gone.cloudapp.net.");
        assertEquals("LEAD Microsoft_Azure gone.cloudapp.net NXDOMAIN x.trafficmanager.net,gone.cloudapp.net", t.lead(azure, null));
        DnsAnswer nowhere = answer(DnsAnswer.Status.NOERROR, List.of("gone.example.net"), "CNAME gone.example.net.");
        assertEquals("LEAD - gone.example.net NXDOMAIN gone.example.net",
                t.lead(nowhere, answer(DnsAnswer.Status.NXDOMAIN, List.of())), "the end asked: NXDOMAIN");
        assertNull(t.lead(nowhere, answer(DnsAnswer.Status.NOERROR, List.of(), "A 192.0.2.1")), "the end exists");
        assertNull(t.lead(nowhere, answer(DnsAnswer.Status.SERVFAIL, List.of())), "the end did not answer: no verdict");
        assertNull(t.lead(answer(DnsAnswer.Status.NOERROR, List.of(), "A 192.0.2.1"), null), "no CNAME");
    }

    @Test
    void anEditIsPickedUpAndABrokenEditKeepsTheFingerprintsInUse() throws Exception {
        Path f = dir.resolve("takeovers.yaml");
        Files.writeString(f, "fingerprints:\n  - service: Acme Cloud\n    cnames: [acmecloud.test]\n    unclaimed: nxdomain\n");
        Takeovers t = new Takeovers(f);
        assertEquals("Acme Cloud", t.service(List.of("app.acmecloud.test")));
        Files.writeString(f, "fingerprints:\n  - service: Other\n    cnames: [other.test]\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals("Other", t.service(List.of("x.other.test")));
        assertNull(t.service(List.of("app.acmecloud.test")));
        Files.writeString(f, "fingerprints:\n  - service: Broken\n    unclaimed: http\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 10000));
        assertEquals("Other", t.service(List.of("x.other.test")), "the last good file stays in use");
        Files.writeString(f, "nothing: here\n");
        assertEquals(List.of(), new Takeovers(f).fingerprints(), "a daemon started with a broken file runs without fingerprints");
        ConfigurationError e = assertThrows(ConfigurationError.class, () -> Takeovers.read(f));
        assertTrue(e.getMessage().contains("no 'fingerprints' list"), e.getMessage());
    }
}
