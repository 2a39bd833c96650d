package com.asmm8.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A body over camel.server.maxBodySize (1 MiB), which the HTTP server refuses before any route
 * reads it, gets 413 with the JSON error body like every other refusal, whatever its size and
 * whether it says its length or comes chunked; nothing is stored.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BodyLimitTest extends ApiTestSupport {

    private static final int MIB = 1024 * 1024;

    private static byte[] body(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'a');
        b[0] = '"';
        b[size - 1] = '"';
        return b;
    }

    private static Answer post(HttpRequest.BodyPublisher body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/domain"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).POST(body).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()), r.body());
    }

    private static void assertJson413(Answer a) throws Exception {
        assertEquals(413, a.code(), a.raw());
        assertNotNull(a.json(), a.raw());
        assertEquals("error", a.status(), a.raw());
        assertEquals("body larger than 1048576 bytes", a.msg(), a.raw());
        assertEquals("0", db.single("SELECT count(*) FROM cptm8domain"), "nothing stored");
    }

    @Test
    void aBodyJustOverTheServersLimitGetsTheJson413() throws Exception {
        assertJson413(post(HttpRequest.BodyPublishers.ofByteArray(body(MIB + MIB / 10))));
    }

    @Test
    void aTwentyMebibyteBodyGetsTheJson413() throws Exception {
        assertJson413(post(HttpRequest.BodyPublishers.ofByteArray(body(20 * MIB))));
    }

    @Test
    void aChunkedBodyWithoutContentLengthGetsTheJson413() throws Exception {
        byte[] b = body(20 * MIB);
        // an input stream has no known length: the client sends it chunked
        assertJson413(post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(b))));
    }
}
