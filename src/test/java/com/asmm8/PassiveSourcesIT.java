package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Jar;
import com.asmm8.support.SourceServer;
import com.asmm8.support.SourceServer.Answer;
import com.asmm8.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar with only the built-in sources, as a fresh install has them: the source URLs
 * come from ASMM8_SOURCE_<NAME>_URL, and a 30 MB crt.sh answer is streamed with a 128 MiB heap
 * (read whole, as a JSON tree, it would need several times that).
 */
class PassiveSourcesIT {

    private static TestDatabase db;
    private static SourceServer server;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
        server = new SourceServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    @Test
    void aThirtyMegabyteCrtShAnswerIsStoredWholeWithA128MiBHeap() throws Exception {
        String d = "huge.test";
        int entries = 90_000;
        server.script("crtsh", d, Answer.streamed(out -> {
            out.write('[');
            for (int i = 0; i < entries; i++) {
                out.write(((i == 0 ? "" : ",") + "{\"issuer_ca_id\":183267,\"issuer_name\":\"C=US, O=Let's Encrypt, CN=R3\","
                        + "\"common_name\":\"h" + i + ".huge.test\",\"name_value\":\"h" + i + ".huge.test\\nwww.h" + i
                        + ".huge.test\",\"id\":" + (5_000_000_000L + i) + ",\"entry_timestamp\":\"2024-01-01T00:00:00.000\","
                        + "\"not_before\":\"2024-01-01T00:00:00\",\"not_after\":\"2024-04-01T00:00:00\","
                        + "\"serial_number\":\"04a1b2c3d4e5f60718293a4b5c6d7e8f9012\",\"result_count\":3}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.write(']');
        }));
        server.script("hackertarget", d, Answer.ok("mx.huge.test,192.0.2.1\n"));
        server.script("wayback", d, Answer.ok("http://old.huge.test/index.html\n"));
        Map<String, String> env = sourcesEnv();
        env.put("ASMM8_SOURCE_HACKERTARGET_URL", server.url("hackertarget"));
        Jar.Result r = Jar.runWithHeap("128m", env, 600, "scan", d, "--type", "passive");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(Integer.toString(2 * entries + 2), db.single("SELECT count(*) FROM cptm8hostname WHERE name LIKE '%.huge.test'"));
        assertEquals("completed", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d));
        assertTrue(r.stdout().lines().count() >= 2 * entries, "the one-shot scan prints what it found");
    }

    /** crt.sh and Wayback answer, HackerTarget's port refuses every connection (a source down). */
    @Test
    void oneSourceDownIsAWarningNamingItAndEverythingTheOthersFoundIsStored() throws Exception {
        String d = "partial.test";
        server.script("crtsh", d, Answer.ok("[{\"name_value\":\"a.partial.test\\nb.partial.test\"}]"));
        server.script("wayback", d, Answer.ok("http://old.partial.test/index.html\n"));
        Map<String, String> env = sourcesEnv();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        env.put("ASMM8_SOURCE_HACKERTARGET_URL", "http://127.0.0.1:" + closed + "/");
        Jar.Result r = Jar.run(env, 300, "scan", d, "--type", "passive");
        assertEquals(0, r.exit(), "a warning is not a failure: " + r.stderr());
        assertEquals("warning", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d));
        String error = db.single("SELECT error FROM asmm8_scan_run WHERE domain = ?", d);
        assertTrue(error.contains("passive/hackertarget"), error);
        assertFalse(error.contains("crtsh") || error.contains("wayback"), error);
        assertEquals(List.of("a.partial.test", "b.partial.test", "old.partial.test"),
                db.column("SELECT name FROM cptm8hostname WHERE name LIKE '%partial.test' ORDER BY name"));
        assertTrue(r.stderr().contains(": warning;"), r.stderr());
    }

    /** Every source down: nothing delivered, the phase and the scan failed, exit 1. */
    @Test
    void everySourceDownFailsTheScan() throws Exception {
        Map<String, String> env = sourcesEnv();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        for (String source : List.of("CRTSH", "HACKERTARGET", "WAYBACK")) {
            env.put("ASMM8_SOURCE_" + source + "_URL", "http://127.0.0.1:" + closed + "/");
        }
        Jar.Result r = Jar.run(env, 300, "scan", "down.test", "--type", "passive");
        assertEquals(1, r.exit(), r.stderr());
        assertEquals("failed", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", "down.test"));
    }

    private static Map<String, String> sourcesEnv() throws Exception {
        Path tools = dir.resolve("three-sources.yaml");
        Files.writeString(tools, """
                tools:
                  - name: crtsh
                    phase: passive
                    source: crtsh
                  - name: hackertarget
                    phase: passive
                    source: hackertarget
                  - name: wayback
                    phase: passive
                    source: wayback
                """);
        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_DB_URL", db.url());
        env.put("ASMM8_DB_USER", TestDatabase.USER);
        env.put("ASMM8_STAGING_DIR", dir.resolve("staging").toString());
        env.put("ASMM8_TOOLS", tools.toString());
        env.put("ASMM8_SOURCE_CRTSH_URL", server.url("crtsh"));
        env.put("ASMM8_SOURCE_WAYBACK_URL", server.url("wayback"));
        env.put("ASMM8_SOURCE_ATTEMPTS", "2");
        env.put("ASMM8_SOURCE_BACKOFF", "100");
        env.put("ASMM8_SOURCE_CONNECT_TIMEOUT", "2000");
        return env;
    }
}
