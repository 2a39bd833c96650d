package com.asmm8.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.tool.Resolvers.Resolver;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Resolvers}: ASMM8_RESOLVERS, IP literals only. */
class ResolversTest {

    @Test
    void ipv4DefaultsToPort53() {
        Resolvers r = Resolvers.parse("1.1.1.1");
        assertEquals(List.of(new Resolver("1.1.1.1", 53)), r.list());
        assertEquals("1.1.1.1:53", r.joined());
        assertFalse(r.isEmpty());
    }

    @Test
    void ipv4WithPort() {
        Resolvers r = Resolvers.parse("127.0.0.1:5353");
        assertEquals(List.of(new Resolver("127.0.0.1", 5353)), r.list());
        assertEquals("127.0.0.1:5353", r.list().get(0).hostPort());
    }

    @Test
    void bracketedIpv6WithPort() {
        Resolvers r = Resolvers.parse("[::1]:53");
        assertEquals(List.of(new Resolver("::1", 53)), r.list());
        assertEquals("[::1]:53", r.joined());
    }

    @Test
    void bareIpv6DefaultsToPort53() {
        Resolvers r = Resolvers.parse("::1");
        assertEquals(List.of(new Resolver("::1", 53)), r.list());
        assertEquals("[::1]:53", r.joined());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2001:4860:4860::8888         | 2001:4860:4860::8888 | 53
            [2606:4700:4700::1111]:853   | 2606:4700:4700::1111 | 853
            [2001:db8::1]                | 2001:db8::1          | 53
            fe80::1                      | fe80::1              | 53
            0.0.0.0                      | 0.0.0.0              | 53
            255.255.255.255:65535        | 255.255.255.255      | 65535
            10.0.0.1:1                   | 10.0.0.1             | 1
            """)
    void moreAccepted(String spec, String host, int port) {
        assertEquals(List.of(new Resolver(host, port)), Resolvers.parse(spec).list());
    }

    @Test
    void severalCommaSeparatedWithSpaces() {
        Resolvers r = Resolvers.parse(" 1.1.1.1 , 8.8.8.8:53,  [2606:4700:4700::1111]:853 ,9.9.9.9 ");
        assertEquals(List.of(
                new Resolver("1.1.1.1", 53),
                new Resolver("8.8.8.8", 53),
                new Resolver("2606:4700:4700::1111", 853),
                new Resolver("9.9.9.9", 53)), r.list());
        assertEquals("1.1.1.1:53,8.8.8.8:53,[2606:4700:4700::1111]:853,9.9.9.9:53", r.joined());
    }

    @Test
    void emptyItemsAreSkipped() {
        assertEquals(2, Resolvers.parse("1.1.1.1,,8.8.8.8,").list().size());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t", ",", " , , "})
    void emptyIsEmpty(String spec) {
        Resolvers r = Resolvers.parse(spec);
        assertTrue(r.isEmpty());
        assertTrue(r.list().isEmpty());
        assertEquals("", r.joined());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "dns.google",
            "localhost",
            "one.one.one.one:53",
            "256.1.1.1",
            "1.1.1",
            "1.1.1.1.1",
            "01.1.1.1",
            "-1.1.1.1",
            "1.1.1.1;rm -rf /",
            "1.1.1.1 ; id",
            "1.1.1.1 8.8.8.8",
            "1.1.1.1\n8.8.8.8",
            "$(id)",
            "`id`",
            "1.1.1.1:",
            "1.1.1.1:53:53",
            "1.1.1.1:abc",
            "1.1.1.1:123456",
            "udp://1.1.1.1:53",
            "http://[::1]:53",
            "[::1]:",
            "[::1]:53;id",
            "fe80::1%eth0",
            "[dns.google]:53",
            "::1 -o /etc/passwd"})
    void notAnIpIsRejected(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resolvers.parse(spec));
        assertTrue(e.getMessage().contains("not an IP address"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1:0", "1.1.1.1:70000", "1.1.1.1:65536", "1.1.1.1:99999", "[::1]:0", "[::1]:65536"})
    void portOutOfRangeIsRejected(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resolvers.parse(spec));
        assertTrue(e.getMessage().contains("port out of range"), e.getMessage());
    }

    @Test
    void oneBadItemRejectsTheWholeList() {
        assertThrows(IllegalArgumentException.class, () -> Resolvers.parse("1.1.1.1,dns.google,8.8.8.8"));
    }

    /**
     * The class promises "only IP literals are accepted": strings made of hex digits, colons and
     * dots that are not IPv6 addresses must be refused too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"[...]", "[:]:53", ":::", "::::::::", "1:2:3:4:5:6:7:8:9", "dead:beef:cafe", "::1::2"})
    void malformedIpv6IsRejected(String spec) {
        assertThrows(IllegalArgumentException.class, () -> Resolvers.parse(spec),
                () -> "accepted as " + Resolvers.parse(spec).list());
    }
}
