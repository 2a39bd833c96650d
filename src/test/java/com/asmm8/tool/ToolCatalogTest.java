package com.asmm8.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ToolCatalog}: the shipped declarations, validation, expansion and live reload. */
class ToolCatalogTest {

    private static final Path SHIPPED = Path.of("config/tools.yaml");

    @TempDir
    Path dir;

    private static ToolDefinition named(List<ToolDefinition> tools, String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no tool " + name + " in " + tools));
    }

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("tools.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    // --- the shipped config/tools.yaml

    /** The shipped declarations with the alternatives switched on (they ship `enabled: false`). */
    private List<ToolDefinition> shippedAll() throws IOException {
        return ToolsFile.parse(write(Files.readString(SHIPPED).replace("enabled: false", "enabled: true")));
    }

    @Test
    void theBuiltInDnsEngineIsTheShippedDefaultOfBruteforceResolveAndCheckAndTheBinariesAreSwitchedOff() {
        List<ToolDefinition> tools = ToolsFile.parse(SHIPPED);
        for (Phase p : List.of(Phase.BRUTEFORCE, Phase.RESOLVE, Phase.CHECK)) {
            List<ToolDefinition> of = tools.stream().filter(t -> t.phase() == p).toList();
            assertEquals(1, of.size(), p + ": " + of);
            assertTrue(of.get(0).isEngine(), of.toString());
            assertTrue(of.get(0).isBuiltIn());
        }
    }

    @Test
    void anEngineWithBinaryArgumentsOrInAnotherPhaseOrOfAnotherKindIsRefused() throws IOException {
        Path f = write("tools:\n  - {name: e, phase: bruteforce, engine: dns, binary: dig}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToolsFile.parse(f));
        assertTrue(e.getMessage().contains("'binary' does not apply to the built-in DNS engine"), e.getMessage());
        Path g = write("tools:\n  - {name: e, phase: passive, engine: dns}\n");
        e = assertThrows(IllegalArgumentException.class, () -> ToolsFile.parse(g));
        assertTrue(e.getMessage().contains("runs in the bruteforce, resolve or check phase, not passive"), e.getMessage());
        Path h = write("tools:\n  - {name: e, phase: check, engine: massdns}\n");
        e = assertThrows(IllegalArgumentException.class, () -> ToolsFile.parse(h));
        assertTrue(e.getMessage().contains("engine must be dns"), e.getMessage());
    }

    @Test
    void shippedDeclarationsAreValidAndCoverEveryPhase() {
        List<ToolDefinition> tools = ToolsFile.parse(SHIPPED);
        Map<Phase, Integer> perPhase = new EnumMap<>(Phase.class);
        for (ToolDefinition t : tools) {
            perPhase.merge(t.phase(), 1, Integer::sum);
        }
        for (Phase p : Phase.values()) {
            assertTrue(perPhase.getOrDefault(p, 0) >= 1, "no tool declared for phase " + p.id());
        }
        assertEquals(Set.of(Phase.values()), perPhase.keySet());
    }

    @Test
    void shippedDeclarationsAreWellFormed() throws IOException {
        List<ToolDefinition> tools = shippedAll();
        Set<String> names = new HashSet<>();
        for (ToolDefinition t : tools) {
            assertTrue(names.add(t.name()), "duplicate " + t.name());
            assertFalse(t.binary().isBlank(), t.name());
            assertTrue(t.timeout().compareTo(Duration.ZERO) > 0, t.name());
            assertTrue(t.install() != null && !t.install().isBlank(), t.name() + " has no install hint");
            if (t.isSource()) {
                assertTrue(ToolsFile.SOURCES.contains(t.source()) && t.url().matches("https?://.+"), t.name());
                continue;
            }
            if (t.isEngine()) {
                assertTrue(t.args().isEmpty(), t.name());
                continue;
            }
            assertTrue(t.args().stream().anyMatch(a -> a.toString().contains("{domain}") || a.toString().contains("{input}")),
                    t.name() + " takes neither {domain} nor {input}");
        }
    }

    @Test
    void aBuiltInSourceNeedsNoBinaryAndIsRefusedWithBinaryArgumentsOrAnUnknownFormat(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path f = tmp.resolve("t.yaml");
        Files.writeString(f, "tools:\n  - {name: ct, phase: passive, source: crtsh, url: 'http://127.0.0.1:9/'}\n"
                + "  - {name: off, phase: passive, source: wayback, enabled: false}\n");
        List<ToolDefinition> tools = ToolsFile.parse(f);
        assertEquals(1, tools.size(), "a switched-off source is left out");
        assertTrue(tools.get(0).isSource());
        assertTrue(ToolCatalog.isInstalled(tools.get(0)), "nothing to install");
        Files.writeString(f, "tools:\n  - {name: ct, phase: passive, source: crtsh, args: [x]}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ToolsFile.parse(f));
        assertTrue(e.getMessage().contains("'args' does not apply to a built-in source"), e.getMessage());
        Files.writeString(f, "tools:\n  - {name: ct, phase: passive, source: nosuch}\n");
        e = assertThrows(IllegalArgumentException.class, () -> ToolsFile.parse(f));
        assertTrue(e.getMessage().contains("source must be one of"), e.getMessage());
    }

    @Test
    void shippedGobusterUsesThePatternOutput() throws IOException {
        ToolDefinition g = named(shippedAll(), "gobuster");
        assertEquals(Phase.BRUTEFORCE, g.phase());
        assertEquals("gobuster", g.binary());
        assertEquals(Duration.ofHours(2), g.timeout());
        assertFalse(g.outputFile());
        // pattern format: group 1 of "Found: name", and nothing for any other line
        assertEquals("www.example.com", g.parser().extract("Found: www.example.com"));
        assertEquals("www.example.com", g.parser().extract("\u001B[32mFound: www.example.com\u001B[0m"));
        assertNull(g.parser().extract("www.example.com"), "a lines parser would return the whole line");
        assertNull(g.parser().extract("Progress: 10 / 100"));
    }

    @Test
    void shippedGobusterExpandsWithAndWithoutResolver() throws IOException {
        ToolDefinition g = named(shippedAll(), "gobuster");
        Map<String, String> v = new HashMap<>(Map.of("domain", "example.com", "wordlist", "/w.txt", "threads", "10"));
        assertEquals(List.of("dns", "-d", "example.com", "-w", "/w.txt", "-t", "10", "-i", "-q", "-z", "--no-color"),
                ToolCatalog.expand(g, v));
        v.put("resolver", "1.1.1.1:53");
        assertEquals(List.of("dns", "-d", "example.com", "-w", "/w.txt", "-t", "10", "-i", "-q", "-z", "--no-color",
                "-r", "1.1.1.1:53"), ToolCatalog.expand(g, v));
    }

    @Test
    void shippedOtherFormats() throws IOException {
        List<ToolDefinition> tools = shippedAll();
        ToolDefinition subfinder = named(tools, "subfinder");
        assertEquals(Phase.PASSIVE, subfinder.phase());
        assertEquals("www.example.com", subfinder.parser().extract("{\"host\":\"www.example.com\",\"source\":\"crtsh\"}"));
        assertTrue(named(tools, "alterx").outputFile(), "alterx writes to {output}");
        ToolDefinition dig = named(tools, "dig-resolve");
        assertEquals(List.of("+noall", "+answer", "+time=2", "+tries=2", "-f", "/in.txt", "@9.9.9.9", "-p", "5353"),
                ToolCatalog.expand(dig, Map.of("input", "/in.txt", "resolver_host", "9.9.9.9", "resolver_port", "5353")));
        assertEquals(List.of("+noall", "+answer", "+time=2", "+tries=2", "-f", "/in.txt"),
                ToolCatalog.expand(dig, Map.of("input", "/in.txt")));
    }

    // --- validation of bad files

    private static final String OK_TOOL = """
              - name: t
                phase: passive
                binary: t
                args: [-d, "{domain}"]
            """;

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("unknown key", "tools:\n" + OK_TOOL + "    colour: red\n", "unknown key 'colour'"),
                Arguments.of("unknown placeholder", """
                        tools:
                          - name: t
                            phase: passive
                            binary: t
                            args: [-d, "{foo}"]
                        """, "unknown placeholder {foo}"),
                Arguments.of("unknown placeholder in a group", """
                        tools:
                          - name: t
                            phase: passive
                            binary: t
                            args: [-d, "{domain}", [-x, "pre{bar}post"]]
                        """, "unknown placeholder {bar}"),
                Arguments.of("bad phase", """
                        tools:
                          - name: t
                            phase: active
                            binary: t
                        """, "phase must be one of"),
                Arguments.of("missing phase", """
                        tools:
                          - name: t
                            binary: t
                        """, "phase must be one of"),
                Arguments.of("missing binary", """
                        tools:
                          - name: t
                            phase: passive
                            args: [-d, "{domain}"]
                        """, "'binary' is required"),
                Arguments.of("missing name", """
                        tools:
                          - phase: passive
                            binary: t
                        """, "'name' is required"),
                Arguments.of("bad name", """
                        tools:
                          - name: "Bad Name; rm"
                            phase: passive
                            binary: t
                        """, "name must be"),
                Arguments.of("duplicate names", "tools:\n" + OK_TOOL + OK_TOOL, "declared twice"),
                Arguments.of("bad timeout", "tools:\n" + OK_TOOL + "    timeout: soon\n", "timeout must look like"),
                Arguments.of("negative timeout", "tools:\n" + OK_TOOL + "    timeout: -5m\n", "timeout must look like"),
                Arguments.of("zero timeout", "tools:\n" + OK_TOOL + "    timeout: 0s\n", "timeout must be positive"),
                Arguments.of("invalid YAML", "tools:\n  - name: t\n    phase: [passive\n", "cannot read"),
                Arguments.of("invalid YAML indentation", "tools:\n  - name: t\n   phase: passive\n  binary: x\n", "cannot read"),
                Arguments.of("args not a list", """
                        tools:
                          - name: t
                            phase: passive
                            binary: t
                            args: "-d {domain}"
                        """, "args must be a list"),
                Arguments.of("arg is a mapping", """
                        tools:
                          - name: t
                            phase: passive
                            binary: t
                            args: [{a: b}]
                        """, "an argument must be a string"),
                Arguments.of("tool is not a mapping", "tools:\n  - just-a-string\n", "must be a mapping"),
                Arguments.of("no tools list", "programs:\n" + OK_TOOL, "top-level 'tools:' list"),
                Arguments.of("tools is a mapping", "tools:\n  t: {phase: passive}\n", "top-level 'tools:' list"),
                Arguments.of("unknown output format", "tools:\n" + OK_TOOL + "    output: xml\n", "output format must be"),
                Arguments.of("json without field", "tools:\n" + OK_TOOL + "    output: {format: json}\n", "needs 'field'"),
                Arguments.of("pattern without group", "tools:\n" + OK_TOOL
                        + "    output: {format: pattern, pattern: 'Found: \\S+'}\n", "capturing group"),
                Arguments.of("pattern that does not compile", "tools:\n" + OK_TOOL
                        + "    output: {format: pattern, pattern: 'Found: ('}\n", "bad output pattern"),
                Arguments.of("binary is a list", """
                        tools:
                          - name: t
                            phase: passive
                            binary: [a, b]
                        """, "'binary' must be a single value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFileIsRefusedWithReason(String what, String yaml, String reason) throws IOException {
        Path f = write(yaml);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToolsFile.parse(f));
        assertTrue(e.getMessage().contains(reason), what + ": message '" + e.getMessage() + "' lacks '" + reason + "'");
        assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
    }

    @Test
    void errorNamesTheToolOrItsPosition() throws IOException {
        Path f = write("tools:\n" + OK_TOOL + OK_TOOL.replace("name: t", "name: u").replace("passive", "sideways"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToolsFile.parse(f));
        assertTrue(e.getMessage().contains("tools[2]"), e.getMessage());
        Path g = write("tools:\n" + OK_TOOL + OK_TOOL);
        e = assertThrows(IllegalArgumentException.class, () -> ToolsFile.parse(g));
        assertTrue(e.getMessage().contains("tool 't'"), e.getMessage());
    }

    @Test
    void missingFileIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ToolsFile.parse(dir.resolve("absent.yaml")));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void minimalToolGetsDefaults() throws IOException {
        List<ToolDefinition> tools = ToolsFile.parse(write("tools:\n" + OK_TOOL));
        ToolDefinition t = tools.get(0);
        assertEquals(Duration.ofMinutes(30), t.timeout());
        assertEquals("anything at all", t.parser().extract("anything at all"), "lines by default");
        assertFalse(t.outputFile());
        assertTrue(t.version().isEmpty());
    }

    @Test
    void emptyToolsListIsValid() throws IOException {
        assertTrue(ToolsFile.parse(write("tools: []\n")).isEmpty());
    }

    // --- expand()

    private static ToolDefinition tool(List<Object> args) {
        return new ToolDefinition("t", Phase.PASSIVE, "t", args, OutputParser.lines(), false,
                Duration.ofMinutes(1), null, List.of());
    }

    @Test
    void optionalGroupDroppedWithoutValue() {
        ToolDefinition t = tool(List.of("-d", "{domain}", List.of("-r", "{resolvers}"), "-silent"));
        assertEquals(List.of("-d", "example.com", "-silent"), ToolCatalog.expand(t, Map.of("domain", "example.com")));
        assertEquals(List.of("-d", "example.com", "-silent"),
                ToolCatalog.expand(t, Map.of("domain", "example.com", "resolvers", "")), "empty counts as no value");
    }

    @Test
    void optionalGroupKeptWithValue() {
        ToolDefinition t = tool(List.of("-d", "{domain}", List.of("-r", "{resolvers}"), "-silent"));
        assertEquals(List.of("-d", "example.com", "-r", "1.1.1.1:53,8.8.8.8:53", "-silent"),
                ToolCatalog.expand(t, Map.of("domain", "example.com", "resolvers", "1.1.1.1:53,8.8.8.8:53")));
    }

    @Test
    void optionalGroupDroppedWhenAnyPlaceholderMissing() {
        ToolDefinition t = tool(List.of("-f", "x", List.of("@{resolver_host}", "-p", "{resolver_port}")));
        assertEquals(List.of("-f", "x"), ToolCatalog.expand(t, Map.of("resolver_host", "1.1.1.1")));
        assertEquals(List.of("-f", "x", "@1.1.1.1", "-p", "53"),
                ToolCatalog.expand(t, Map.of("resolver_host", "1.1.1.1", "resolver_port", "53")));
    }

    @Test
    void plainArgWithoutValueThrows() {
        ToolDefinition t = tool(List.of("-d", "{domain}", "-w", "{wordlist}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ToolCatalog.expand(t, Map.of("domain", "example.com")));
        assertTrue(e.getMessage().contains("{wordlist}"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ToolCatalog.expand(t, Map.of("domain", "example.com", "wordlist", "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "my words.txt",
            "/tmp/a b/c d.txt",
            "x; rm -rf /",
            "$(id)",
            "`id`",
            "a && b || c",
            "a | tee /etc/passwd",
            "> /dev/null 2>&1",
            "'quoted' \"double\"",
            "$HOME ${PATH} $1 \\1 \\",
            "*.txt ?",
            "{output}",
            "line1\nline2",
            "  padded  "})
    void valueStaysOneArgumentUnchanged(String value) {
        ToolDefinition t = tool(List.of("-w", "{wordlist}", "--out={output}", List.of("-r", "{resolvers}")));
        List<String> args = ToolCatalog.expand(t, Map.of("wordlist", value, "output", value, "resolvers", value));
        assertEquals(List.of("-w", value, "--out=" + value, "-r", value), args);
    }

    @Test
    void argumentsWithoutPlaceholdersPassAsIs() {
        ToolDefinition t = tool(List.of("+noall", "--no-color", "{notaplaceholder", "100%"));
        assertEquals(List.of("+noall", "--no-color", "{notaplaceholder", "100%"), ToolCatalog.expand(t, Map.of()));
    }

    // --- duration()

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(90), ToolsFile.duration("90s"));
        assertEquals(Duration.ofMinutes(30), ToolsFile.duration("30m"));
        assertEquals(Duration.ofHours(2), ToolsFile.duration("2h"));
        assertEquals(Duration.ofMillis(500), ToolsFile.duration("500ms"));
        assertEquals(Duration.ofSeconds(45), ToolsFile.duration("45"));
        assertEquals(Duration.ofMinutes(5), ToolsFile.duration(" 5 m "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad", "", "m", "-5s", "1.5h", "10d", "5 minutes", "0s", "0", "12345678s", "1h30m"})
    void badDurationsThrow(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToolsFile.duration(s));
        assertTrue(e.getMessage().startsWith("timeout must"), e.getMessage());
    }

    // --- locate()

    @Test
    void locate() throws IOException {
        assertTrue(ToolCatalog.locate("sh").isPresent(), "sh on PATH");
        assertTrue(ToolCatalog.locate("/bin/sh").isPresent());
        assertTrue(ToolCatalog.locate("asmm8-no-such-binary-xyz").isEmpty());
        assertTrue(ToolCatalog.locate(dir.toString()).isEmpty(), "a directory is not a binary");
        Path notExec = Files.writeString(dir.resolve("plain.txt"), "x");
        assertTrue(ToolCatalog.locate(notExec.toString()).isEmpty(), "not executable");
        assertTrue(ToolCatalog.locate(dir.resolve("missing").toString()).isEmpty());
    }

    // --- live reload

    private static String single(String name, String phase, String timeout) {
        return "tools:\n  - name: " + name + "\n    phase: " + phase + "\n    binary: " + name
                + "\n    args: [-d, \"{domain}\"]\n    timeout: " + timeout + "\n";
    }

    private static void touch(Path f, FileTime base, long plusSeconds) throws IOException {
        Files.setLastModifiedTime(f, FileTime.fromMillis(base.toMillis() + plusSeconds * 1000));
    }

    @Test
    void reloadsChangedFileAndKeepsLastGoodOnBrokenEdit() throws IOException {
        Path f = write(single("alpha", "passive", "1m"));
        FileTime base = Files.getLastModifiedTime(f);
        ToolCatalog catalog = new ToolCatalog(f);
        catalog.init();
        assertEquals(List.of("alpha"), catalog.tools().stream().map(ToolDefinition::name).toList());

        // unchanged file: same declarations
        assertEquals("alpha", catalog.tools().get(0).name());

        // a changed tool
        Files.writeString(f, single("bravo-tool", "bruteforce", "2h"));
        touch(f, base, 10);
        List<ToolDefinition> now = catalog.tools();
        assertEquals(1, now.size());
        assertEquals("bravo-tool", now.get(0).name());
        assertEquals(Phase.BRUTEFORCE, now.get(0).phase());
        assertEquals(Duration.ofHours(2), now.get(0).timeout());
        assertEquals(1, catalog.forPhase(Phase.BRUTEFORCE).size());
        assertTrue(catalog.forPhase(Phase.PASSIVE).isEmpty());

        // broken YAML: refused, the last good declarations stay
        Files.writeString(f, "tools:\n  - name: [broken\n");
        touch(f, base, 20);
        assertEquals("bravo-tool", catalog.tools().get(0).name());
        assertEquals("bravo-tool", catalog.tools().get(0).name(), "still, on the next call");

        // valid YAML that fails validation: refused too
        Files.writeString(f, single("charlie", "sideways", "1m"));
        touch(f, base, 30);
        assertEquals("bravo-tool", catalog.tools().get(0).name());

        // fixed again: applied
        Files.writeString(f, single("delta", "check", "5m"));
        touch(f, base, 40);
        assertEquals("delta", catalog.tools().get(0).name());
        assertEquals(Phase.CHECK, catalog.tools().get(0).phase());
    }

    @Test
    void deletedFileKeepsLastGood() throws IOException {
        Path f = write(single("alpha", "passive", "1m"));
        ToolCatalog catalog = new ToolCatalog(f);
        catalog.init();
        Files.delete(f);
        assertEquals("alpha", catalog.tools().get(0).name());
    }

    @Test
    void initFailsOnBrokenFile() throws IOException {
        Path f = write("tools:\n  - name: [broken\n");
        ToolCatalog catalog = new ToolCatalog(f);
        assertThrows(IllegalArgumentException.class, catalog::init);
    }
}
