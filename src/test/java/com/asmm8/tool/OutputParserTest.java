package com.asmm8.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.tool.OutputParser.Format;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link OutputParser}: the candidate of one output line, per declared format. */
class OutputParserTest {

    /** The pattern config/tools.yaml declares for gobuster. */
    private static final String GOBUSTER = "^Found:\\s+(\\S+)(?:\\s+\\[(?<addresses>[^\\]]*)\\])?";

    private final OutputParser json = new OutputParser(Format.JSON, "host", null);
    private final OutputParser gobuster = new OutputParser(Format.PATTERN, null, GOBUSTER);

    // --- lines

    @Test
    void linesReturnsTheWholeLineUnchanged() {
        OutputParser p = OutputParser.lines();
        assertEquals("www.example.com", p.extract("www.example.com"));
        // cleaning (escapes, white space) happens later, in HostnameNormalizer
        assertEquals("  \u001B[32mwww.example.com\u001B[0m\r", p.extract("  \u001B[32mwww.example.com\u001B[0m\r"));
        assertEquals("", p.extract(""));
        assertNull(p.extract(null));
    }

    // --- json

    @Test
    void jsonExtractsTheField() {
        assertEquals("www.example.com",
                json.extract("{\"host\":\"www.example.com\",\"input\":\"example.com\",\"source\":\"crtsh\"}"));
    }

    @Test
    void jsonToleratesSurroundingWhiteSpace() {
        assertEquals("api.example.com", json.extract("  {\"source\":\"x\", \"host\": \"api.example.com\"}  \r"));
    }

    @Test
    void jsonLineWithoutTheFieldHasNoCandidate() {
        assertNull(json.extract("{\"input\":\"example.com\",\"source\":\"crtsh\"}"));
        assertNull(json.extract("{}"));
    }

    @Test
    void jsonFieldIsCaseSensitiveAndTopLevelOnly() {
        assertNull(json.extract("{\"HOST\":\"www.example.com\"}"));
        assertNull(json.extract("{\"data\":{\"host\":\"www.example.com\"}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "www.example.com",
            "[INF] Enumerating subdomains for example.com",
            "{not json at all",
            "{\"host\":\"www.example.com\"",
            "{\"host\":}",
            "[\"www.example.com\"]",
            "\"www.example.com\"",
            "",
            "   ",
            "\u001B[31m{\"host\":\"www.example.com\"}\u001B[0m"})
    void jsonGarbageHasNoCandidate(String line) {
        assertNull(json.extract(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"host\":42}",
            "{\"host\":true}",
            "{\"host\":null}",
            "{\"host\":[\"www.example.com\"]}",
            "{\"host\":{\"name\":\"www.example.com\"}}"})
    void jsonFieldWithNonStringValueHasNoCandidate(String line) {
        assertNull(json.extract(line));
    }

    @Test
    void jsonNullLine() {
        assertNull(json.extract(null));
    }

    @Test
    void jsonReturnsTheValueRawForLaterCleaning() {
        assertEquals("WWW.Example.com.", json.extract("{\"host\":\"WWW.Example.com.\"}"));
        assertEquals("$(id).example.com", json.extract("{\"host\":\"$(id).example.com\"}"));
    }

    // --- pattern

    @Test
    void patternExtractsGroupOneOfGobusterOutput() {
        assertEquals("www.example.com", gobuster.extract("Found: www.example.com"));
        assertEquals("mail.example.com", gobuster.extract("Found:\tmail.example.com   "));
    }

    @Test
    void patternIgnoresAnsiCodes() {
        assertEquals("www.example.com", gobuster.extract("\u001B[32mFound: www.example.com\u001B[0m"));
        assertEquals("api.example.com", gobuster.extract("\u001B[2K\u001B[32mFound:\u001B[0m api.example.com\r"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "www.example.com",
            "Progress: 1200 / 5000 (24.00%)",
            "===============================================================",
            "Gobuster v3.6",
            "found: www.example.com",
            "Missed: www.example.com",
            "Found:",
            ""})
    void patternNotMatchingHasNoCandidate(String line) {
        assertNull(gobuster.extract(line));
    }

    @Test
    void patternNullLine() {
        assertNull(gobuster.extract(null));
    }

    @Test
    void patternUsesFirstMatchGroupOne() {
        OutputParser dig = new OutputParser(Format.PATTERN, null, "^(\\S+)\\s+\\d+\\s+IN\\s+(?:A|AAAA|CNAME)\\s");
        assertEquals("www.example.com.", dig.extract("www.example.com.\t300\tIN\tA\t93.184.216.34"));
        assertNull(dig.extract("example.com.\t300\tIN\tMX\t10 mail.example.com."));
    }

    // --- constructor errors

    @Test
    void jsonWithoutFieldIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OutputParser(Format.JSON, null, null));
        assertTrue(e.getMessage().contains("field"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OutputParser(Format.JSON, "  ", null));
    }

    @Test
    void patternWithoutPatternIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OutputParser(Format.PATTERN, null, null));
        assertTrue(e.getMessage().contains("pattern"), e.getMessage());
    }

    @Test
    void patternWithoutGroupIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OutputParser(Format.PATTERN, null, "^Found:\\s+\\S+"));
        assertTrue(e.getMessage().contains("capturing group"), e.getMessage());
        // a non-capturing group does not count
        assertThrows(IllegalArgumentException.class, () -> new OutputParser(Format.PATTERN, null, "^(?:Found):\\s+\\S+"));
    }

    @Test
    void invalidRegexIsRefused() {
        assertThrows(PatternSyntaxException.class, () -> new OutputParser(Format.PATTERN, null, "^Found: ("));
    }

    @org.junit.jupiter.api.Test
    void aRedrawnProgressLineYieldsWhatWasPrintedLast() {
        OutputParser gobuster = new OutputParser(OutputParser.Format.PATTERN, null, "^Found:\\s+(\\S+)");
        org.junit.jupiter.api.Assertions.assertEquals("www.example.com",
                gobuster.extract("Progress: 120 / 3312 (3.62%)\rFound: www.example.com"));
    }

    @Test
    void gobustersAddressesAndDnsxJsonRecordsAndTheEnginesTokensBecomeRecordsAndOddValuesDoNot() {
        // gobuster dns -i, as gobuster 3.5 prints it (a carriage return and an erase-line escape first)
        String found = "\r\u001b[2KFound: www.gob.test [10.60.0.1,10.60.0.2]";
        assertEquals("www.gob.test", gobuster.extract(found));
        assertEquals(List.of("A 10.60.0.1", "A 10.60.0.2"), gobuster.records(found));
        assertEquals(List.of("AAAA 2001:db8::1"), gobuster.records("Found: v6.gob.test [2001:DB8:0::1]"));
        assertEquals(List.of(), gobuster.records("Found: bare.gob.test"));
        assertEquals(List.of("A 10.0.0.1"), gobuster.records("Found: odd.gob.test [10.0.0.1, not-an-address, 999.1.1.1]"));
        OutputParser dnsx = new OutputParser(Format.JSON, "host", null);
        String json = "{\"host\":\"api.gob.test\",\"a\":[\"10.0.0.7\"],\"cname\":[\"edge.cdn.test.\"],\"aaaa\":[\"::1\"]}";
        assertEquals("api.gob.test", dnsx.extract(json));
        assertEquals(List.of("A 10.0.0.7", "AAAA ::1", "CNAME edge.cdn.test"), dnsx.records(json));
        OutputParser lines = OutputParser.lines();
        String engine = "shop.gob.test\tA 10.0.0.9\tCNAME edge.gob.test\tA -\tLEAD - gone.gob.test NXDOMAIN gone.gob.test\tMX x\tA 1.2.3";
        assertEquals("shop.gob.test", lines.extract(engine));
        assertEquals(List.of("A 10.0.0.9", "CNAME edge.gob.test", "A -", "LEAD - gone.gob.test NXDOMAIN gone.gob.test"),
                lines.records(engine));
    }
}
