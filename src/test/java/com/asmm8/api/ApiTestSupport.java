package com.asmm8.api;

import com.asmm8.Asmm8;
import com.asmm8.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The daemon (camel-main, all routes, the HTTP server) started in-process on a free loopback
 * port against a fresh database, driven over real HTTP. The passive tool is the stand-in
 * fake-source that prints a few names, waits 4 s, prints more, so a scan stays running a while.
 */
public abstract class ApiTestSupport {

    protected static final String TOKEN = "test-token-0123456789";
    protected static final String OLD_TOKEN = "rotated-out-token";
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static TestDatabase db;
    protected static Main main;
    protected static int port;
    protected static Path dir;
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startDaemon() throws Exception {
        db = new TestDatabase();
        dir = Files.createTempDirectory("asmm8-api");
        Files.writeString(dir.resolve("tools.yaml"), com.asmm8.support.FakeSource.passiveTools("fake", "slow", true));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        main = daemonMain(db, dir, port);
        main.addOverrideProperty("asmm8.api.tokens", TOKEN + "," + OLD_TOKEN);
        main.start();
    }

    /**
     * The daemon's Main on a fresh database and a loopback port, with the tools file of {@code dir}
     * and its staging there; the schedule off, short batches. Not started.
     */
    static Main daemonMain(TestDatabase db, Path dir, int port) {
        Main m = Asmm8.newMain();
        m.addOverrideProperty("asmm8.db.url", db.url());
        m.addOverrideProperty("asmm8.db.user", TestDatabase.USER);
        m.addOverrideProperty("asmm8.tools.file", dir.resolve("tools.yaml").toString());
        m.addOverrideProperty("asmm8.staging.dir", dir.resolve("staging").toString());
        m.addOverrideProperty("asmm8.api.token-file", dir.resolve("api-token").toString());
        m.addOverrideProperty("asmm8.schedule.enabled", "false");
        m.addOverrideProperty("asmm8.batch.timeout", "200");
        m.addOverrideProperty("camel.server.port", Integer.toString(port));
        m.addOverrideProperty("camel.management.port", Integer.toString(port));
        return m;
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (main != null) {
            main.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    /** One answer: code and parsed JSON body (null when the body is not JSON). */
    public record Answer(int code, JsonNode json, String raw) {
        public String msg() {
            return json == null ? null : json.path("msg").asText();
        }

        public String status() {
            return json == null ? null : json.path("status").asText();
        }

        public JsonNode data() {
            return json.path("data");
        }
    }

    protected static Answer call(String method, String path, String body, String contentType, String token) throws Exception {
        return send(port, method, path, body, contentType, token);
    }

    /** One request to the daemon on {@code port}; {@code token} "RAW:..." is sent as the whole header. */
    static Answer send(int port, String method, String path, String body, String contentType, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", token.startsWith("RAW:") ? token.substring(4) : "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(r.body());
        } catch (Exception e) {
            // not JSON
        }
        return new Answer(r.statusCode(), json, r.body());
    }

    protected static Answer get(String path) throws Exception {
        return call("GET", path, null, null, TOKEN);
    }

    protected static Answer post(String path, String json) throws Exception {
        return call("POST", path, json, "application/json", TOKEN);
    }

    protected static Answer put(String path, String json) throws Exception {
        return call("PUT", path, json, "application/json", TOKEN);
    }

    protected static Answer delete(String path) throws Exception {
        return call("DELETE", path, null, null, TOKEN);
    }
}
