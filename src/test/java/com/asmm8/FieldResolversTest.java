package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Dnsmasq;
import com.asmm8.support.EngineTestSupport;
import com.asmm8.support.Knot;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in engine against resolvers as they are deployed, not shaped like the other tests'
 * fixtures: an authoritative-only server (dnsmasq --auth-server on 127.0.0.9: REFUSED for every
 * name outside its zone, `.invalid` included) is used, not taken for a liar; a resolver that
 * cannot see the domain (dnsmasq --local=/test/ on 127.0.0.10: NXDOMAIN for all of it) is dropped
 * saying so, and when no resolver sees the domain the phase fails naming it. A real knot server
 * (authoritative for corp.test on 127.0.0.11) is used for its zone, the others dropped. A wordlist's bad
 * lines are skipped and counted with their line numbers, never fatal.
 */
class FieldResolversTest extends EngineTestSupport {

    private static Dnsmasq authoritative;
    private static Dnsmasq blind;
    private static Knot knot;

    @BeforeAll
    static void servers() throws Exception {
        authoritative = new Dnsmasq("127.0.0.9", List.of("--auth-server=ns1.auth.test,127.0.0.9", "--auth-zone=auth.test",
                "--auth-zone=words.test", "--auth-soa=1,hostmaster.auth.test", "--host-record=www.auth.test,10.9.0.1",
                "--host-record=mail.auth.test,10.9.0.2", "--host-record=www.words.test,10.9.1.1",
                "--host-record=mail.words.test,10.9.1.2", "--host-record=xn--bcher-kva.words.test,10.9.1.3"));
        blind = new Dnsmasq("127.0.0.10", List.of("--local=/test/", "--local=/invalid/"));
        // a company's own authoritative server: knot, serving its zone only (REFUSED outside it), with
        // a delegation it does not answer for below it
        knot = new Knot("127.0.0.11", List.of(Knot.Zone.of("corp.test", """
                @ SOA ns1 hostmaster 1 3600 600 86400 300
                @ NS ns1
                ns1 A 127.0.0.11
                www A 10.11.0.1
                vpn A 10.11.0.2
                intranet CNAME www
                """)));
        engineTools("2m");
    }

    @AfterAll
    static void stop() throws Exception {
        authoritative.close();
        blind.close();
        knot.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", authoritative.resolver() + "," + blind.resolver() + "," + knot.resolver());
        p.put("asmm8.wordlist", dir.resolve("field-words.txt").toString());
        return fastDns(p, 3);
    }

    private JsonNode bruteforce(String domain, byte[] wordlist) throws Exception {
        Files.write(dir.resolve("field-words.txt"), wordlist);
        return bruteforce(domain);
    }

    @Test
    void anAuthoritativeOnlyServerIsUsedAndAResolverThatCannotSeeTheDomainIsDroppedSayingSo() throws Exception {
        JsonNode engine = bruteforce("auth.test", "www\nmail\nftp\nnothing\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("OK", engine.at("/status").asText(), engine.toString());
        assertEquals(List.of("mail.auth.test", "www.auth.test"), names("auth.test"));
        assertTrue(engine.at("/message").asText().endsWith("to [" + authoritative.resolver() + "] (2 dropped)"), engine.toString());
        assertTrue(dropped(engine).get(blind.resolver()).startsWith("cannot see auth.test (NXDOMAIN"), engine.toString());
    }

    @Test
    void aKnotAuthoritativeServerIsUsedForItsZoneAndTheOthersDroppedSayingWhy() throws Exception {
        JsonNode engine = bruteforce("corp.test", "www\nvpn\nintranet\nnothing\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("OK", engine.at("/status").asText(), engine.toString());
        assertEquals(List.of("intranet.corp.test", "vpn.corp.test", "www.corp.test"), names("corp.test"));
        assertTrue(engine.at("/message").asText().endsWith("to [" + knot.resolver() + "] (2 dropped)"), engine.toString());
        Map<String, String> dropped = dropped(engine);
        assertTrue(dropped.get(authoritative.resolver()).startsWith("cannot see corp.test (rcode 5"), dropped.toString());
        assertTrue(dropped.get(blind.resolver()).startsWith("cannot see corp.test (NXDOMAIN"), dropped.toString());
    }

    /** Each dropped resolver's reason, from the engine's report. */
    private static Map<String, String> dropped(JsonNode engine) {
        Map<String, String> out = new HashMap<>();
        engine.at("/resolvers/resolvers").forEach(l -> out.put(l.at("/resolver").asText(), l.at("/dropped").asText()));
        return out;
    }

    @Test
    void whenNoResolverSeesTheDomainThePhaseFailsNamingIt() throws Exception {
        JsonNode engine = bruteforce("unseen.test", "www\nmail\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("FAILED", engine.at("/status").asText(), engine.toString());
        String why = engine.at("/message").asText();
        assertTrue(why.startsWith("no usable resolver: " + authoritative.resolver() + " cannot see unseen.test (rcode 5 ("), why);
        assertTrue(why.contains(blind.resolver() + " cannot see unseen.test (NXDOMAIN for its SOA)"), why);
        assertEquals(List.of(), names("unseen.test"));
        assertEquals("failed", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", "unseen.test"));
    }

    @Test
    void aWordlistsBadLinesAreSkippedAndCountedWithTheirLineNumbersAndEveryValidWordIsAsked() throws Exception {
        ByteArrayOutputStream words = new ByteArrayOutputStream();
        words.writeBytes(("www\n" // 1
                + "a".repeat(64) + "\n" // 2: a label over 63 bytes
                + "\n" // 3: empty, not counted
                + "*\n" // 4
                + "two words\n" // 5
                + "bücher\n" // 6: an IDN word, asked as xn--bcher-kva
                + "x".repeat(1_000_000) + "\n" // 7: a 1 MB line
        ).getBytes(StandardCharsets.UTF_8));
        words.writeBytes(new byte[]{'b', (byte) 0xC3, (byte) 0x28, 'd', '\n'}); // 8: no UTF-8
        words.writeBytes("-dash\nmail\n".getBytes(StandardCharsets.UTF_8)); // 9: a label starting with '-'; 10
        JsonNode engine = bruteforce("words.test", words.toByteArray());
        assertEquals("OK", engine.at("/status").asText(), engine.toString());
        assertEquals(List.of("mail.words.test", "www.words.test", "xn--bcher-kva.words.test"), names("words.test"));
        String message = engine.at("/message").asText();
        assertTrue(message.startsWith("3 names asked, 3 found"), message);
        assertTrue(message.endsWith("; 6 input lines skipped, not a DNS name (lines 2, 4, 5, 7, 8, 9)"), message);
    }
}
