package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Dnsmasq;
import com.asmm8.support.EngineTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pool of 20 resolvers from a resolvers file (ASMM8_RESOLVERS_FILE), each a real dnsmasq on its
 * own loopback address, as public resolver lists hold them: 15 honest ones, four liars and one that
 * is gone. The liars: one that answers every name (10.6.6.6), an NXDOMAIN hijacker (an address for
 * every name under the domain it does not know), one that names another SOA for the domain, and a
 * poisoner that is honest in the resolver check but invents 300 names of the wordlist. A trusted
 * resolver (ASMM8_TRUSTED_RESOLVERS) judges them: exactly the real names are stored, every liar and
 * the gone one are dropped with the reason, and the scan report shows each resolver's counts.
 */
class ResolverPoolsTest extends EngineTestSupport {

    private static final String DOMAIN = "pool.test";
    private static final List<String> REAL = List.of("api", "dev", "mail", "vpn", "www");
    private static final int INVENTED = 300;
    private static final List<Dnsmasq> servers = new ArrayList<>();
    private static Dnsmasq trusted;
    /** address of each liar -> the words its reason must hold */
    private static final Map<String, String> liars = new HashMap<>();
    private static String gone;

    @BeforeAll
    static void pool() throws Exception {
        trusted = new Dnsmasq("127.0.0.19", honest("127.0.0.19"));
        List<String> file = new ArrayList<>(List.of("# a public resolver list", ""));
        for (int i = 20; i < 35; i++) {
            Dnsmasq d = new Dnsmasq("127.0.0." + i, honest("127.0.0." + i));
            servers.add(d);
            file.add(d.resolver());
        }
        liar("127.0.0.35", List.of("--dns-rr=" + DOMAIN + ",6," + soa("ns1.pool.test", "hostmaster.pool.test"),
                "--address=/#/10.6.6.6"), "which the trusted resolvers say does not exist (a liar)", file);
        liar("127.0.0.36", List.of("--dns-rr=" + DOMAIN + ",6," + soa("ns1.pool.test", "hostmaster.pool.test"),
                "--host-record=www.pool.test,10.0.0.5", "--address=/pool.test/10.6.6.7", "--local=/invalid/"),
                "which the trusted resolvers say does not exist (a liar)", file);
        liar("127.0.0.37", List.of("--dns-rr=" + DOMAIN + ",6," + soa("ns.evil.example", "hostmaster.evil.example"),
                "--local=/pool.test/", "--local=/invalid/"), "where the trusted resolvers answer", file);
        List<String> poisoner = new ArrayList<>(List.of("--dns-rr=" + DOMAIN + ",6," + soa("ns1.pool.test", "hostmaster.pool.test"),
                "--local=/pool.test/", "--local=/invalid/"));
        IntStream.range(0, INVENTED).forEach(i -> poisoner.add("--host-record=ghost" + i + ".pool.test,10.6.6.8"));
        REAL.forEach(w -> poisoner.add("--host-record=" + w + ".pool.test,10.0.0.5"));
        liar("127.0.0.38", poisoner, "which the trusted resolvers say is NXDOMAIN (a liar)", file);
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.39"))) {
            gone = "127.0.0.39:" + s.getLocalPort(); // nothing listens there once the socket is closed
        }
        file.add(gone);
        file.add("not-an-address"); // a bad line is skipped, never fatal
        Files.write(dir.resolve("pool.txt"), file);
        List<String> words = new ArrayList<>(REAL);
        IntStream.range(0, INVENTED).forEach(i -> words.add("ghost" + i));
        IntStream.range(0, 200).forEach(i -> words.add("none" + i));
        Files.write(dir.resolve("pool-words.txt"), words);
        engineTools("2m");
    }

    /** An honest authoritative server of the zone, as every resolver that sees it answers. */
    private static List<String> honest(String address) {
        List<String> o = new ArrayList<>(List.of("--auth-server=ns1.pool.test," + address, "--auth-zone=" + DOMAIN,
                "--auth-soa=1,hostmaster.pool.test"));
        REAL.forEach(w -> o.add("--host-record=" + w + ".pool.test,10.0.0." + (REAL.indexOf(w) + 1)));
        return o;
    }

    private static void liar(String address, List<String> options, String why, List<String> file) throws Exception {
        Dnsmasq d = new Dnsmasq(address, options);
        servers.add(d);
        liars.put(d.resolver(), why);
        file.add(d.resolver());
    }

    /** The rdata of an SOA record (dnsmasq --dns-rr takes it in hex). */
    private static String soa(String mname, String rname) {
        StringBuilder b = new StringBuilder();
        for (String n : List.of(mname, rname)) {
            for (String label : n.split("\\.")) {
                b.append(String.format("%02x", label.length())).append(HexFormat.of().formatHex(label.getBytes()));
            }
            b.append("00");
        }
        return b + "00000001" + "000004b0" + "000000b4" + "00127500" + "00000258";
    }

    @AfterAll
    static void stop() throws Exception {
        for (Dnsmasq d : servers) {
            d.close();
        }
        trusted.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.resolvers", "");
        p.put("asmm8.resolvers-file", dir.resolve("pool.txt").toString());
        p.put("asmm8.dns.trusted-resolvers", trusted.resolver());
        p.put("asmm8.wordlist", dir.resolve("pool-words.txt").toString());
        return fastDns(p, 2);
    }

    @Test
    void aPoolWithLiarsStoresExactlyTheRealNamesAndDropsEveryLiarWithItsReason() throws Exception {
        JsonNode engine = bruteforce(DOMAIN);
        assertEquals("OK", engine.at("/status").asText(), engine.toString());
        assertEquals(REAL.stream().map(w -> w + "." + DOMAIN).sorted().toList(), names(DOMAIN));

        JsonNode use = engine.at("/resolvers");
        assertEquals(20, use.at("/total").asInt(), use.toString());
        assertEquals(5, use.at("/dropped").asInt(), use.toString());
        Map<String, JsonNode> lines = new HashMap<>();
        use.at("/resolvers").forEach(l -> lines.put(l.at("/resolver").asText(), l));
        liars.forEach((resolver, why) -> assertTrue(lines.get(resolver).at("/dropped").asText().contains(why),
                resolver + " dropped for: " + lines.get(resolver)));
        assertTrue(lines.get(gone).at("/dropped").asText().startsWith("cannot see pool.test ("), lines.get(gone).toString());
        for (Dnsmasq d : servers) {
            if (!liars.containsKey(d.resolver())) {
                JsonNode l = lines.get(d.resolver());
                assertTrue(l.at("/dropped").isMissingNode(), l.toString());
                assertTrue(l.at("/answers").asLong() > 0, l.toString());
            }
        }
        var registry = ((com.asmm8.ops.Asmm8Metrics) context.getRegistry().findSingleByType(com.asmm8.scan.ScanMetrics.class))
                .registry();
        assertEquals(4.0, registry.get("asmm8.dns.resolver.drops").tag("why", "liar").counter().count());
        assertEquals(1.0, registry.get("asmm8.dns.resolver.drops").tag("why", "blind").counter().count());
        assertEquals(5.0, registry.get("asmm8.dns.resolvers").tag("state", "dropped").gauge().value());
        assertTrue(registry.get("asmm8.dns.resolver.questions").tag("outcome", "answered").counter().count() > 500);
        String message = engine.at("/message").asText();
        assertTrue(message.contains("to 15 of 20 resolvers (5 dropped)"), message);
        assertTrue(message.contains("not confirmed by the trusted resolvers [" + trusted.resolver() + "]"), message);
    }

    @Test
    void aResolversFileIsReadAtEachPhaseSkippingLinesThatAreNoAddress() throws Exception {
        Path file = dir.resolve("pool.txt");
        assertTrue(Files.readAllLines(file).contains("not-an-address"));
        var sources = new com.asmm8.dns.ResolverSources(com.asmm8.tool.Resolvers.parse(null), file,
                com.asmm8.tool.Resolvers.parse(null));
        assertEquals(20, sources.pool().size());
        assertEquals(List.of(), sources.pool().stream().filter(a -> !a.getAddress().isLoopbackAddress()).toList());
    }
}
