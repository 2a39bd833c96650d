package com.asmm8.hostname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link HostnameNormalizer}: what a tool prints, cleaned, validated (RFC 1123, IDN to xn--) and
 * scoped to the seed {@code example.com}.
 */
class HostnameNormalizerTest {

    private static final String SEED = "example.com";

    /** 63 characters: the longest label RFC 1123 allows. */
    private static final String LABEL_63 = "a".repeat(63);
    private static final String LABEL_64 = "a".repeat(64);
    /** 63 + 1 + 63 + 1 + 63 + 1 + 49 + 1 + 11 ("example.com") = 253 characters. */
    private static final String NAME_253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "."
            + "d".repeat(49) + "." + SEED;
    private static final String NAME_254 = "e" + NAME_253;

    /** Raw tool output and the expected canonical in-scope name, or null when it must be rejected. */
    static Stream<Arguments> table() {
        return Stream.of(
                // --- accepted: plain valid names
                Arguments.of("www.example.com", "www.example.com"),
                Arguments.of("example.com", "example.com"),
                Arguments.of("api.dev.example.com", "api.dev.example.com"),
                Arguments.of("a-b.example.com", "a-b.example.com"),
                Arguments.of("1-2-3-4.example.com", "1-2-3-4.example.com"),
                Arguments.of("a.b.c.d.e.f.example.com", "a.b.c.d.e.f.example.com"),
                Arguments.of("10.example.com", "10.example.com"),
                Arguments.of("example.com.example.com", "example.com.example.com"),
                // --- accepted after cleaning
                Arguments.of("WWW.EXAMPLE.COM", "www.example.com"),
                Arguments.of("Mail.Example.Com", "mail.example.com"),
                Arguments.of("EXAMPLE.COM.", "example.com"),
                Arguments.of("  www.example.com  ", "www.example.com"),
                Arguments.of("\twww.example.com\t", "www.example.com"),
                Arguments.of(" \t api.example.com \t ", "api.example.com"),
                Arguments.of("www.example.com.", "www.example.com"),
                Arguments.of("*.example.com", "example.com"),
                Arguments.of("*.dev.example.com", "dev.example.com"),
                Arguments.of("*.dev.example.com.", "dev.example.com"),
                Arguments.of("\u001B[32mwww.example.com\u001B[0m", "www.example.com"),
                Arguments.of("\u001B[1;31m\u001B[Kmail.example.com\u001B[m", "mail.example.com"),
                Arguments.of("\u001B]0;window title\u0007vpn.example.com", "vpn.example.com"),
                Arguments.of("\u009B31mwww.example.com\u009B0m", "www.example.com"),
                Arguments.of("www.example.com\r", "www.example.com"),
                Arguments.of("www.example.com\r\n", "www.example.com"),
                Arguments.of("\u001B[32mwww.example.com\u001B[0m\r", "www.example.com"),
                // --- length limits
                Arguments.of(LABEL_63 + ".example.com", LABEL_63 + ".example.com"),
                Arguments.of(LABEL_64 + ".example.com", null),
                Arguments.of(NAME_253, NAME_253),
                Arguments.of(NAME_253 + ".", NAME_253),
                Arguments.of(NAME_254, null),
                // --- internationalised names
                Arguments.of("bücher.example.com", "xn--bcher-kva.example.com"),
                Arguments.of("BÜCHER.example.com", "xn--bcher-kva.example.com"),
                Arguments.of("Bücher.EXAMPLE.COM.", "xn--bcher-kva.example.com"),
                Arguments.of("*.bücher.example.com", "xn--bcher-kva.example.com"),
                Arguments.of("xn--bcher-kva.example.com", "xn--bcher-kva.example.com"),
                Arguments.of("XN--BCHER-KVA.EXAMPLE.COM", "xn--bcher-kva.example.com"),
                // IDNA treats the ideographic, fullwidth and halfwidth full stops as label separators
                Arguments.of("www\u3002example\u3002com", "www.example.com"),
                Arguments.of("www\uFF0Eexample\uFF0Ecom", "www.example.com"),
                Arguments.of("www\uFF61example\uFF61com", "www.example.com"),
                // nameprep maps fullwidth letters to ASCII and zero-width characters to nothing
                Arguments.of("\uFF37\uFF37\uFF37.example.com", "www.example.com"),
                Arguments.of("w\u200Bww.example.com", "www.example.com"),
                Arguments.of("\uFEFFwww.example.com", "www.example.com"),
                Arguments.of("bücher.example.org", null),
                Arguments.of("www.exämple.com", null),
                Arguments.of("\u00A0www.example.com", null),
                Arguments.of("\uFFFD\uFFFD.example.com", null),
                // --- rejected: out of scope (label-wise, never "contains")
                Arguments.of("notexample.com", null),
                Arguments.of("wwwexample.com", null),
                Arguments.of("example.com.evil.net", null),
                Arguments.of("www.example.co", null),
                Arguments.of("www.example.com.au", null),
                Arguments.of("example.org", null),
                Arguments.of("com", null),
                Arguments.of("1.2.3.4", null),
                // --- rejected: not RFC 1123
                Arguments.of("a..example.com", null),
                Arguments.of(".example.com", null),
                Arguments.of("-a.example.com", null),
                Arguments.of("a-.example.com", null),
                Arguments.of("-.example.com", null),
                Arguments.of("www.example.com..", null),
                Arguments.of("_dmarc.example.com", null),
                Arguments.of("*.*.example.com", null),
                Arguments.of("a*.example.com", null),
                Arguments.of("www example.com", null),
                Arguments.of("www\t.example.com", null),
                Arguments.of("www.exa\tmple.com", null),
                // --- rejected: URLs, ports, paths, other output
                Arguments.of("www.example.com:443", null),
                Arguments.of("http://www.example.com", null),
                Arguments.of("https://www.example.com/", null),
                Arguments.of("www.example.com/path", null),
                Arguments.of("user@www.example.com", null),
                Arguments.of("Found: www.example.com", null),
                Arguments.of("{\"host\":\"www.example.com\"}", null),
                // --- rejected: shell and SQL metacharacters
                Arguments.of("$(id).example.com", null),
                Arguments.of("a;b.example.com", null),
                Arguments.of("a`b`.example.com", null),
                Arguments.of("a|b.example.com", null),
                Arguments.of("a&&b.example.com", null),
                Arguments.of("x'--.example.com", null),
                Arguments.of("x\".example.com", null),
                Arguments.of("../etc/passwd", null),
                // --- rejected: empty
                Arguments.of("", null),
                Arguments.of("   ", null),
                Arguments.of("\t", null),
                Arguments.of(".", null),
                Arguments.of("*.", null),
                Arguments.of("*", null),
                Arguments.of(null, null));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("table")
    void inScopeCanonicalTable(String raw, String expected) {
        assertEquals(expected, HostnameNormalizer.inScopeCanonical(raw, SEED),
                () -> "input '" + HostnameNormalizer.printable(raw) + "'");
    }

    /** The same rules, as a readable '|'-separated table (empty cell = rejected). */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            www.example.com            | www.example.com
            WWW.Example.COM            | www.example.com
            "  ftp.example.com  "      | ftp.example.com
            cdn.example.com.           | cdn.example.com
            *.cdn.example.com          | cdn.example.com
            EXAMPLE.COM.               | example.com
            bücher.example.com         | xn--bcher-kva.example.com
            notexample.com             |
            example.com.evil.net       |
            a..example.com             |
            _dmarc.example.com         |
            www.example.com:443        |
            http://www.example.com     |
            www.example.com/path       |
            1.2.3.4                    |
            *.*.example.com            |
            $(id).example.com          |
            x'--.example.com           |
            ""                         |
            """)
    void inScopeCanonicalCsv(String raw, String expected) {
        assertEquals(expected, HostnameNormalizer.inScopeCanonical(raw, SEED));
    }

    @Test
    void lengthFixturesHaveTheIntendedLengths() {
        assertEquals(253, NAME_253.length());
        assertEquals(254, NAME_254.length());
        assertEquals(63, LABEL_63.length());
    }

    @Test
    void canonicalDoesNotCheckScope() {
        assertEquals("www.example.org", HostnameNormalizer.canonical("WWW.Example.ORG."));
        assertEquals("localhost", HostnameNormalizer.canonical("localhost"));
        assertNull(HostnameNormalizer.canonical("a..b"));
        assertNull(HostnameNormalizer.canonical(null));
    }

    @Test
    void stripRemovesEscapesAndControlsOnly() {
        assertEquals("www.example.com", HostnameNormalizer.strip("\u001B[32mwww.example.com\u001B[0m\r"));
        assertEquals("plain", HostnameNormalizer.strip("plain"));
        assertEquals("", HostnameNormalizer.strip(null));
        assertEquals("a\tb", HostnameNormalizer.strip(" a\tb "));
    }

    @Test
    void isValidFollowsRfc1123() {
        assertTrue(HostnameNormalizer.isValid("a.b"));
        assertTrue(HostnameNormalizer.isValid("localhost"));
        assertTrue(HostnameNormalizer.isValid(NAME_253));
        assertFalse(HostnameNormalizer.isValid(NAME_254));
        assertFalse(HostnameNormalizer.isValid(null));
        assertFalse(HostnameNormalizer.isValid(""));
        assertFalse(HostnameNormalizer.isValid("A.example.com"), "expects lower-cased input");
        assertFalse(HostnameNormalizer.isValid("a.example.com."));
    }

    // --- seed()

    @Test
    void seedIsCanonical() {
        assertEquals("example.com", HostnameNormalizer.seed("Example.COM."));
        assertEquals("example.com", HostnameNormalizer.seed("  example.com \t"));
        assertEquals("b.example.com", HostnameNormalizer.seed("B.Example.Com"));
        assertEquals("xn--bcher-kva.de", HostnameNormalizer.seed("bücher.de"));
    }

    @Test
    void seedRejectsIpAddressesAndNumericTopLevelLabels() {
        for (String ip : new String[]{"1.2.3.4", "10.0.0.1", "example.123"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostnameNormalizer.seed(ip));
            assertTrue(e.getMessage().contains("not a domain name"), e.getMessage());
        }
        assertEquals("123.example.com", HostnameNormalizer.seed("123.example.com"), "numeric labels below the top are fine");
    }

    @Test
    void anXnLabelMustDecode() {
        assertNull(HostnameNormalizer.canonical("xn--zz.example.com"), "not a valid A-label");
        assertNull(HostnameNormalizer.inScopeCanonical("xn--a.example.com", "example.com"));
        assertEquals("xn--bcher-kva.example.com", HostnameNormalizer.canonical("xn--bcher-kva.example.com"));
        assertThrows(IllegalArgumentException.class, () -> HostnameNormalizer.seed("xn--zz.com"));
    }

    @Test
    void seedRejectsSingleLabel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostnameNormalizer.seed("localhost"));
        assertTrue(e.getMessage().contains("two labels"), e.getMessage());
    }

    @Test
    void seedRejectsWildcard() {
        assertThrows(IllegalArgumentException.class, () -> HostnameNormalizer.seed("*.example.com"));
        assertThrows(IllegalArgumentException.class, () -> HostnameNormalizer.seed("  *.example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a..com", "-x.com", "exa mple.com", "a;b.com", "$(id)", "$(id).example.com",
            "http://example.com", "example.com:80", "example.com/x", "_dmarc.example.com", "*", ".", "\u001B[31m"})
    void seedRejectsGarbage(String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostnameNormalizer.seed(raw));
        assertTrue(e.getMessage().contains("not a valid domain name") || e.getMessage().contains("two labels"),
                e.getMessage());
    }

    @Test
    void seedRejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> HostnameNormalizer.seed(null));
    }

    // --- inScope() on nested seeds

    static Stream<Arguments> scopes() {
        return Stream.of(
                Arguments.of("a.b.example.com", "b.example.com", true),
                Arguments.of("x.y.a.b.example.com", "b.example.com", true),
                Arguments.of("b.example.com", "b.example.com", true),
                Arguments.of("a.b.example.com", "c.example.com", false),
                Arguments.of("a.b.example.com", "example.com", true),
                Arguments.of("ab.example.com", "b.example.com", false),
                Arguments.of("xb.example.com", "b.example.com", false),
                Arguments.of("example.com", "b.example.com", false),
                Arguments.of("b.example.com.evil.net", "b.example.com", false),
                Arguments.of(".b.example.com", "b.example.com", false),
                Arguments.of(null, "b.example.com", false),
                Arguments.of("a.b.example.com", null, false),
                Arguments.of("a.b.example.com", "", false));
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @MethodSource("scopes")
    void inScopeIsLabelWise(String name, String seed, boolean expected) {
        assertEquals(expected, HostnameNormalizer.inScope(name, seed));
    }

    @Test
    void inScopeCanonicalWithNestedSeed() {
        assertEquals("a.b.example.com", HostnameNormalizer.inScopeCanonical("A.B.Example.com.", "b.example.com"));
        assertNull(HostnameNormalizer.inScopeCanonical("a.c.example.com", "b.example.com"));
        assertNull(HostnameNormalizer.inScopeCanonical("example.com", "b.example.com"));
    }

    @Test
    void printableIsLogSafe() {
        assertEquals("a?b", HostnameNormalizer.printable("a\nb"));
        assertEquals("", HostnameNormalizer.printable(null));
        assertEquals(83, HostnameNormalizer.printable("x".repeat(200)).length());
    }
}
