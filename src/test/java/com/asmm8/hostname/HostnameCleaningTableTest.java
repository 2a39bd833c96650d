package com.asmm8.hostname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cleaning, validation and scope of what tools print, for the seed {@code example.com}. */
class HostnameCleaningTableTest {

    private static final String SEED = "example.com";

    static Stream<Arguments> candidates() {
        String label63 = "a".repeat(63);
        String label64 = "a".repeat(64);
        // 253 characters: 3 labels of 63, one of 49, and the seed (11) joined by dots
        String long253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(49) + "." + SEED;
        String long254 = "e" + long253;
        return Stream.of(
                // accepted, cleaned
                Arguments.of("www.example.com", "www.example.com"),
                Arguments.of("example.com", "example.com"),
                Arguments.of("WWW.Example.COM", "www.example.com"),
                Arguments.of("  api.example.com\t", "api.example.com"),
                Arguments.of("api.example.com\r", "api.example.com"),
                Arguments.of("www.example.com.", "www.example.com"),
                Arguments.of("EXAMPLE.COM.", "example.com"),
                Arguments.of("*.dev.example.com", "dev.example.com"),
                Arguments.of("\u001B[32mwww.example.com\u001B[0m", "www.example.com"),
                Arguments.of("\u001B[1;31m\u001B[Kmail.example.com\u001B[m", "mail.example.com"),
                Arguments.of("a-b.example.com", "a-b.example.com"),
                Arguments.of("xn--bcher-kva.example.com", "xn--bcher-kva.example.com"),
                Arguments.of("bücher.example.com", "xn--bcher-kva.example.com"),
                Arguments.of("BÜCHER.example.com", "xn--bcher-kva.example.com"),
                Arguments.of("10.example.com", "10.example.com"),
                Arguments.of("1-2-3-4.example.com", "1-2-3-4.example.com"),
                Arguments.of("example.com.example.com", "example.com.example.com"),
                Arguments.of(label63 + ".example.com", label63 + ".example.com"),
                Arguments.of(long253, long253),
                Arguments.of("a.b.c.d.e.f.example.com", "a.b.c.d.e.f.example.com"),
                Arguments.of("www.example.com\u0000", "www.example.com"),
                // a carriage return inside a line: the tool redrew it; the text after it counts
                Arguments.of("www.example.com\rmail.example.com", "mail.example.com"),
                Arguments.of("progress 12%\rapi.example.com\r", "api.example.com"),
                Arguments.of("www.example.com\u3002", "www.example.com"), // ideographic full stop at the end
                // rejected: out of scope
                Arguments.of("notexample.com", null),
                Arguments.of("example.com.evil.net", null),
                Arguments.of("www.example.co", null),
                Arguments.of("wwwexample.com", null),
                Arguments.of("example.org", null),
                Arguments.of("1.2.3.4", null),
                Arguments.of("com", null),
                // rejected: not a hostname
                Arguments.of("a..example.com", null),
                Arguments.of(".example.com", null),
                Arguments.of("-a.example.com", null),
                Arguments.of("a-.example.com", null),
                Arguments.of(label64 + ".example.com", null),
                Arguments.of(long254, null),
                Arguments.of("_dmarc.example.com", null),
                Arguments.of("www.example.com:443", null),
                Arguments.of("http://www.example.com", null),
                Arguments.of("www.example.com/path", null),
                Arguments.of("www example.com", null),
                Arguments.of("*.*.example.com", null),
                Arguments.of("a*.example.com", null),
                Arguments.of("$(id).example.com", null),
                Arguments.of("a;b.example.com", null),
                Arguments.of("a`id`.example.com", null),
                Arguments.of("x'--.example.com", null),
                Arguments.of("a|b.example.com", null),
                Arguments.of("../etc/passwd", null),
                Arguments.of("{\"host\":\"www.example.com\"}", null),
                Arguments.of("Found: www.example.com", null),
                Arguments.of("", null),
                Arguments.of("   ", null),
                Arguments.of(null, null),
                Arguments.of("www.example.com..", null),
                Arguments.of("www\u200b.example.com", "www.example.com"), // IDNA maps zero-width space to nothing
                Arguments.of("\uFFFD\uFFFDbinary.example.com", null),
                Arguments.of("adm\u0000in.example.com", null), // a control character inside is not deleted
                Arguments.of("www\u0007.example.com", null));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("candidates")
    void cleansValidatesAndScopes(String raw, String expected) {
        assertEquals(expected, HostnameNormalizer.inScopeCanonical(raw, SEED));
    }

    static Stream<Arguments> scopes() {
        return Stream.of(
                Arguments.of("a.b.example.com", "b.example.com", true),
                Arguments.of("b.example.com", "b.example.com", true),
                Arguments.of("a.b.example.com", "c.example.com", false),
                Arguments.of("ab.example.com", "b.example.com", false),
                Arguments.of("example.com", "b.example.com", false));
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @MethodSource("scopes")
    void scopeIsByLabels(String name, String seed, boolean in) {
        assertEquals(in, HostnameNormalizer.inScope(name, seed));
    }

    @ParameterizedTest
    @MethodSource("badSeeds")
    void seedsNeedTwoValidLabels(String raw) {
        assertThrows(IllegalArgumentException.class, () -> HostnameNormalizer.seed(raw));
    }

    static Stream<String> badSeeds() {
        return Stream.of("localhost", "*.example.com", "a;b.com", "", "exa mple.com", "-x.com", "a..com");
    }

    @org.junit.jupiter.api.Test
    void seedIsCanonical() {
        assertEquals("example.com", HostnameNormalizer.seed("Example.COM."));
        assertEquals("xn--bcher-kva.de", HostnameNormalizer.seed("bücher.de"));
    }
}
