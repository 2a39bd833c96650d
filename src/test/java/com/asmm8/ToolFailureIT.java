package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Jar;
import com.asmm8.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tools that fail, hang and print garbage, run by the packaged jar. The passive sources are
 * stand-ins (src/test/resources/tools/fake-source: subfinder cannot reach its providers here)
 * that print subfinder's JSON lines and fail as such tools do.
 */
class ToolFailureIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAKE = Path.of("src/test/resources/tools/fake-source").toAbsolutePath().toString();
    private static TestDatabase db;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static Map<String, String> env(Path tools) throws Exception {
        Path staging = dir.resolve("staging");
        Files.createDirectories(staging);
        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_DB_URL", db.url());
        env.put("ASMM8_DB_USER", TestDatabase.USER);
        env.put("ASMM8_STAGING_DIR", staging.toString());
        env.put("ASMM8_TOOLS", tools.toString());
        env.put("ASMM8_BATCH_TIMEOUT", "200");
        return env;
    }

    private static Path tools(String name, String yaml) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, yaml.replace("FAKE", FAKE));
        return p;
    }

    private static List<String> names(String domain) throws Exception {
        return db.column("SELECT h.name FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid "
                + "WHERE d.name = ? ORDER BY h.name", domain);
    }

    @Test
    void failingHangingAndGarbageToolsAreRecordedAndWhatTheyFoundIsKept() throws Exception {
        Path tools = tools("tools.yaml", """
                tools:
                  - name: src-fail
                    phase: passive
                    binary: FAKE
                    args: [fail, "{domain}"]
                    output: {format: json, field: host}
                    timeout: 60s
                  - name: src-hang
                    phase: passive
                    binary: FAKE
                    args: [hang, "{domain}"]
                    output: {format: json, field: host}
                    timeout: 3s
                  - name: src-garbage
                    phase: passive
                    binary: FAKE
                    args: [garbage, "{domain}", lines]
                    timeout: 60s
                  - name: src-ok
                    phase: passive
                    binary: FAKE
                    args: [ok, "{domain}"]
                    output: {format: json, field: host}
                    timeout: 60s
                """);
        String d = "fail.test";
        Jar.Result r = Jar.run(env(tools), 120, "scan", d, "--type", "passive");
        // two tools failed, two delivered: a partial phase, a warning naming each failure (exit 0)
        assertEquals(0, r.exit(), "a warning is not a failure\n" + r.stderr());

        // everything found before, during and after the failures is kept
        assertEquals(List.of("api." + d, "before-failure." + d, "before-hang." + d, "colour." + d, "good." + d,
                "mail." + d, "second." + d, "upper." + d, "wild." + d, "www." + d), names(d));
        assertFalse(Files.exists(Path.of("/tmp/pwned")), "nothing a tool printed was ever executed");

        List<String> run = db.rows("SELECT status, newhostnames, error FROM asmm8_scan_run WHERE domain = ?", d).get(0);
        assertEquals("warning", run.get(0));
        assertEquals("10", run.get(1));
        String error = run.get(2);
        assertTrue(error.contains("passive/src-fail: " + FAKE
                + " exited with status 3: [FTL] Could not run enumeration: provider quota exceeded"), error);
        assertTrue(error.contains("passive/src-hang: " + FAKE
                + " ran longer than its timeout of 3 s and was killed with its child processes"), error);
        assertFalse(error.contains("src-garbage"), error);

        JsonNode passive = JSON.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ?", d)).at("/passive");
        assertEquals("PARTIAL", passive.at("/status").asText());
        JsonNode tools2 = passive.at("/tools");
        assertEquals("FAILED", tools2.at("/src-fail/status").asText());
        assertEquals(3, tools2.at("/src-fail/exit").asInt());
        assertEquals("FAILED", tools2.at("/src-hang/status").asText());
        assertEquals("OK", tools2.at("/src-garbage/status").asText());
        assertEquals(4, tools2.at("/src-garbage/accepted").asInt());
        assertEquals(8, tools2.at("/src-garbage/rejected").asInt(), tools2.toString());
        assertEquals("OK", tools2.at("/src-ok/status").asText());

        assertTrue(com.asmm8.support.Processes.awaitGone("sleep 3600"), "the hung tool's child was killed");
        assertTrue(com.asmm8.support.Processes.awaitGone("sleep 3601"), "the hung tool was killed");
        try (Stream<Path> s = Files.list(dir.resolve("staging"))) {
            assertEquals(List.of(), s.toList(), "staging removed after a failed scan");
        }
        assertTrue(r.stderr().contains("provider quota exceeded"), "the reason is shown to the user");
    }

    @Test
    void phaseWithoutInstalledToolIsSkippedNamingWhatToInstall() throws Exception {
        Path tools = tools("missing.yaml", """
                tools:
                  - name: nowhere
                    phase: passive
                    binary: asmm8-no-such-binary
                    args: ["{domain}"]
                    install: "apt-get install no-such-package"
                """);
        Map<String, String> env = env(tools);
        env.put("ASMM8_LOG_FORMAT", "json");
        Jar.Result r = Jar.run(env, 60, "scan", "missing.test", "--type", "passive", "-v");
        assertEquals(0, r.exit(), "a skipped phase is a warning, not a failure\n" + r.stderr());
        // JSON logs: one object per line; the lines of the scan carry its id
        int scanLines = 0;
        for (String line : r.stderr().split("\n")) {
            if (line.isBlank() || line.startsWith("asmm8:")) {
                continue;
            }
            JsonNode j = JSON.readTree(line);
            if (j.path("loggerName").asText().startsWith("com.asmm8.scan.")) {
                assertTrue(j.path("mdc").path("scanId").asText().length() == 36, line);
                scanLines++;
            }
        }
        assertTrue(scanLines >= 3, r.stderr());
        List<String> run = db.rows("SELECT status, error FROM asmm8_scan_run WHERE domain = 'missing.test'").get(0);
        assertEquals(List.of("warning", "passive: no tool for it is installed: install asmm8-no-such-binary "
                + "(apt-get install no-such-package)"), run);
    }

    @Test
    void brokenToolsFileStopsStartWithAClearMessage() throws Exception {
        Path tools = tools("broken.yaml", """
                tools:
                  - name: x
                    phase: sideways
                    binary: true
                """);
        Jar.Result r = Jar.run(env(tools), 60, "scan", "broken.test", "--type", "passive");
        assertEquals(2, r.exit(), "a configuration error: " + r.stderr());
        assertTrue(r.stderr().contains("asmm8.tools.file (ASMM8_TOOLS)"), r.stderr());
        assertTrue(r.stderr().contains("tools[1]: phase must be one of passive, zone, bruteforce, permute, resolve, check"),
                r.stderr());
        assertEquals(List.of(), db.column("SELECT id FROM asmm8_scan_run WHERE domain = 'broken.test'"));
    }

    @Test
    void aHugeProgressBarAndAHugeLineAreReadInBoundedMemoryAndTheNamesAfterThemKept() throws Exception {
        Path tools = tools("huge.yaml", """
                tools:
                  - name: huge
                    phase: passive
                    binary: %s
                    args: ["{domain}"]
                    timeout: 5m
                """.formatted(Path.of("src/test/resources/tools/huge-lines").toAbsolutePath()));
        // 300 MB of output in two lines without a useful line feed, read by a daemon with 256 MB of heap
        Jar.Result r = Jar.runWithHeap("256m", env(tools), 300, "scan", "huge.test", "--type", "passive");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(List.of("after.huge.test", "redrawn.huge.test"), r.lines());
        assertEquals(List.of("after.huge.test", "redrawn.huge.test"), names("huge.test"));
        JsonNode tool = JSON.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = 'huge.test'"))
                .at("/passive/tools/huge");
        assertEquals("ok", tool.path("status").asText().toLowerCase(), tool.toString());
        assertEquals(3, tool.path("lines").asInt(), "the redrawn line, the cut line, the last name: " + tool);
        assertEquals(1, tool.path("rejected").asInt(), "the 100 MB line is cut and rejected: " + tool);
        assertEquals("completed", db.single("SELECT status FROM asmm8_scan_run WHERE domain = 'huge.test'"));
    }
}
