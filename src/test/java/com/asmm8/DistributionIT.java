package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.FakeSource;
import com.asmm8.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged distribution (target/asmm8-*.tar.gz) as a user meets it: unpacked into a folder of
 * its own and started through bin/asmm8 from another working directory, on the embedded database,
 * with a configuration directory that overrides one route file and the tools file.
 */
@Timeout(300)
class DistributionIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path dist;
    static Path elsewhere;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            tarball = s.filter(p -> p.getFileName().toString().matches("asmm8-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/asmm8-*.tar.gz: run mvn package"));
        }
        Path into = Files.createDirectories(dir.resolve("opt"));
        run(List.of("tar", "xzf", tarball.toAbsolutePath().toString(), "-C", into.toString()), into, Map.of(), 120);
        try (Stream<Path> s = Files.list(into)) {
            dist = s.findFirst().orElseThrow();
        }
        elsewhere = Files.createDirectories(dir.resolve("somewhere-else"));
    }

    @Test
    void unpackedAnywhereItRunsTheDaemonAndTheScanCommandFromAnotherFolderWithItsConfigOverrides() throws Exception {
        assertTrue(Files.isExecutable(dist.resolve("bin/asmm8")), "bin/asmm8 is executable");
        // the configuration directory overrides the tools file and one of the jar's route files
        Files.writeString(dist.resolve("config/tools.yaml"), FakeSource.passiveTools("fake", "ok", true));
        String ui = Files.readString(Path.of("routes/55-ui.yaml"));
        Files.writeString(dist.resolve("config/routes/55-ui.yaml"), ui + """
                - route:
                    id: ui-overridden
                    from:
                      uri: "platform-http:/overridden"
                      steps:
                        - setBody:
                            constant: "from config/routes/55-ui.yaml"
                """);
        int[] ports = freePorts(2);
        int port = ports[0];
        int dbPort = ports[1];
        Map<String, String> env = Map.of("ASMM8_HTTP_PORT", Integer.toString(port), "ASMM8_DB_PORT", Integer.toString(dbPort),
                "ASMM8_SCHEDULE_ENABLED", "false", "ASMM8_BATCH_TIMEOUT", "200");
        Path log = dir.resolve("daemon.log");
        Process daemon = start(List.of(dist.resolve("bin/asmm8").toString()), env, log);
        try {
            awaitReady(daemon, port, log);
            // no ASMM8_API_TOKEN: a token was generated into a file only its owner can read
            Path tokenFile = dist.resolve("api-token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
            String token = Files.readString(tokenFile).strip();
            assertTrue(token.length() >= 32, "a long random token");
            assertEquals(401, http(port, "GET", "/domain", null, null).statusCode(), "no token, no inventory");
            assertEquals(403, http(port, "GET", "/domain", null, "not-the-token").statusCode());
            assertFalse(Files.readString(log).contains(token), "the token is never logged");
            assertTrue(Files.readString(log).contains(tokenFile.toString()), "its path is");

            assertEquals("from config/routes/55-ui.yaml", http(port, "GET", "/overridden", null, null).body());
            assertEquals(200, http(port, "GET", "/ui/", null, null).statusCode(), "the overriding file's ui route serves the page");

            HttpResponse<String> created = http(port, "POST", "/domain",
                    "{\"name\":\"dist.example.com\",\"companyname\":\"Acme\",\"enabled\":true}", token);
            assertEquals(201, created.statusCode(), created.body());
            String id = JSON.readTree(created.body()).path("data").path("id").asText();
            assertEquals(202, http(port, "GET", "/scan/passive?domains=dist.example.com", null, token).statusCode());
            FakeSource.await("the override tool's names in the inventory", 60_000,
                    () -> names(port, id, token).size() == 3);
            assertEquals(List.of("api.dist.example.com", "mail.dist.example.com", "www.dist.example.com"), names(port, id, token));
            // the embedded database listens on the port it was given
            try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres", "postgres", "");
                    ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM cptm8hostname")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1));
            }
        } finally {
            daemon.destroy();
            assertTrue(daemon.waitFor(120, TimeUnit.SECONDS), "the daemon stops on SIGTERM");
        }
        Path scanErr = dir.resolve("scan.err");
        Process scan = start(List.of(dist.resolve("bin/asmm8").toString(), "scan", "dist.example.com", "--type", "passive"),
                Map.of("ASMM8_DB_PORT", Integer.toString(dbPort)), scanErr, dir.resolve("scan.out"));
        assertTrue(scan.waitFor(120, TimeUnit.SECONDS), "the scan command ends");
        assertEquals(0, scan.exitValue(), Files.readString(scanErr));
        assertEquals(List.of("api.dist.example.com", "mail.dist.example.com", "www.dist.example.com"),
                Files.readAllLines(dir.resolve("scan.out")).stream().sorted().toList());
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(List.of(), s.toList(), "nothing is written into the working directory");
        }
        assertTrue(Files.isDirectory(dist.resolve("data/postgres")), "the data live in ASMM8_HOME");
    }

    @Test
    void configurationErrorsAreOneLineNamingTheSettingAndExitTwo() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> external = Map.of("ASMM8_DB_URL", db.url(), "ASMM8_DB_USER", TestDatabase.USER,
                    "ASMM8_SCHEDULE_ENABLED", "false", "ASMM8_API_AUTH", "off", "ASMM8_HTTP_PORT", Integer.toString(freePort()));
            Path badTools = Files.writeString(dir.resolve("bad-tools.yaml"), "tools:\n  - name: [broken\n");
            assertOneLine(with(external, "ASMM8_AMQP_URL", "http://guest:S3cret@127.0.0.1:5672/"), "asmm8.amqp.url (ASMM8_AMQP_URL)");
            assertOneLine(with(external, "ASMM8_TOOLS", badTools.toString()), "asmm8.tools.file (ASMM8_TOOLS)");
            assertOneLine(with(external, "ASMM8_CONFIG", dir.resolve("missing.properties").toString()), "ASMM8_CONFIG");
            assertOneLine(with(external, "ASMM8_DB_START_WAIT", "soon"), "asmm8.db.start-wait (ASMM8_DB_START_WAIT)");
            assertOneLine(with(external, "ASMM8_CONFIG", dir.resolve("missing.properties").toString()), "ASMM8_CONFIG",
                    "scan", "x.example.com");
            try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                assertOneLine(with(external, "ASMM8_HTTP_PORT", Integer.toString(taken.getLocalPort())),
                        "camel.server.port (ASMM8_HTTP_PORT)");
            }
        }
    }

    /** {@code bin/asmm8 args...} with {@code env}: exit 2 and one line naming {@code setting}. */
    private static void assertOneLine(Map<String, String> env, String setting, String... args) throws Exception {
        Path out = Files.createTempFile(dir, "start", ".log");
        List<String> cmd = new ArrayList<>(List.of(dist.resolve("bin/asmm8").toString()));
        cmd.addAll(List.of(args));
        Process p = start(cmd, env, out);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a start with a bad " + setting + " ends");
        String log = Files.readString(out);
        assertEquals(2, p.exitValue(), log);
        List<String> lines = log.lines().filter(l -> l.startsWith("asmm8: ")).toList();
        assertEquals(1, lines.size(), log);
        assertTrue(lines.get(0).contains(setting), lines.get(0));
        assertFalse(log.contains("\tat "), "no stack trace:\n" + log);
        assertFalse(log.contains("S3cret"), "no password:\n" + log);
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(env);
        m.put(key, value);
        return m;
    }

    private static List<String> names(int port, String domainId, String token) {
        try {
            JsonNode data = JSON.readTree(http(port, "GET", "/domain/" + domainId + "/hostname", null, token).body()).path("data");
            List<String> names = new ArrayList<>();
            data.forEach(h -> names.add(h.path("name").asText()));
            return names.stream().sorted().toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    static Process start(List<String> cmd, Map<String, String> env, Path log) throws IOException {
        return start(cmd, env, log, null);
    }

    /** {@code cmd} in the folder {@link #elsewhere}, with none of the test JVM's ASMM8_ settings. */
    static Process start(List<String> cmd, Map<String, String> env, Path log, Path stdout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(elsewhere.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ASMM8_"));
        pb.environment().putAll(env);
        if (stdout == null) {
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
        } else {
            pb.redirectError(log.toFile()).redirectOutput(stdout.toFile());
        }
        return pb.start();
    }

    private static void run(List<String> cmd, Path in, Map<String, String> env, long seconds) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), out);
    }

    static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /** {@code n} distinct free ports (held open together while chosen, so no two are the same). */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    static HttpResponse<String> http(int port, String method, String path, String json, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void awaitReady(Process daemon, int port, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            if (!daemon.isAlive()) {
                throw new AssertionError("the daemon exited " + daemon.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (http(port, "GET", "/ready", null, null).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready:\n" + Files.readString(log));
    }
}
