package com.asmm8.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.api.ApiTestSupport.Answer;
import com.asmm8.support.FakeSource;
import com.asmm8.support.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.main.Main;

/**
 * What {@link GoCompatTest} drives: a daemon started in-process with the settings a test gives
 * (on a free loopback port, against a fresh database, as {@link ApiTestSupport} does), called
 * over real HTTP, and the Go service's success and error answers asserted.
 */
final class GoCompatSupport {

    private GoCompatSupport() {
    }

    /** One daemon under test. */
    static final class Daemon implements AutoCloseable {
        final TestDatabase db;
        final Main main;
        final int port;

        Daemon(Map<String, String> settings) throws Exception {
            db = new TestDatabase();
            Path dir = Files.createTempDirectory("asmm8-go");
            Files.writeString(dir.resolve("tools.yaml"), FakeSource.passiveTools("fake", "ok", true));
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            main = ApiTestSupport.daemonMain(db, dir, port);
            settings.forEach(main::addOverrideProperty);
            try {
                main.start();
            } catch (Exception e) {
                db.close();
                throw e;
            }
        }

        /** One answer: code, parsed body (null when not JSON), raw body. */
        Answer call(String method, String path, String body, String token) throws Exception {
            return ApiTestSupport.send(port, method, path, body, body == null ? null : "application/json", token);
        }

        @Override
        public void close() throws Exception {
            try {
                main.stop();
            } finally {
                db.close();
            }
        }
    }

    /** Asserts a Go success answer: 200, {"status": "success", "msg": msg, ...}. */
    static Answer ok(Answer a, String msg) {
        assertEquals(200, a.code(), a.raw());
        assertEquals("success", a.status(), a.raw());
        assertEquals(msg, a.msg(), a.raw());
        return a;
    }

    /** Asserts a Go error answer: the code, {"status": "failed", "msg": ...containing part}. */
    static void failed(Answer a, int code, String part) {
        assertEquals(code, a.code(), a.raw());
        assertEquals("failed", a.status(), a.raw());
        assertTrue(a.msg().contains(part), a.raw());
    }
}
