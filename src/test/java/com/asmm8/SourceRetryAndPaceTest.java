package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ActiveScans;
import com.asmm8.support.SourceServer;
import com.asmm8.support.SourceServer.Answer;
import com.asmm8.support.SourcesTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * How the built-in passive sources wait (routes/35-sources.yaml): Camel's redelivery honours a
 * Retry-After, the per-host throttle spaces every request to one host (redeliveries and other
 * scans included), and a stopped scan's source is not asked again. All three sources of the
 * stand-in are on one host, 127.0.0.1, so they share its pace.
 */
class SourceRetryAndPaceTest extends SourcesTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long INTERVAL_MS = 500;
    /**
     * Slack for when the stand-in sees a request rather than when the throttle let it go: a
     * client's first request opens its connection and arrives later after its permit than the
     * next one (seen here: 74 ms); without the throttle the gaps are a few ms.
     */
    private static final long SLACK_MS = 150;

    @Override
    protected long hostInterval() {
        return INTERVAL_MS;
    }

    private JsonNode tools(CompletableFuture<Exchange> scan, String domain) throws Exception {
        assertNull(scan.get(120, TimeUnit.SECONDS).getException());
        return JSON.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ?", domain)).at("/passive/tools");
    }

    private static List<SourceServer.Request> requests(String... domains) {
        List<SourceServer.Request> all = new ArrayList<>();
        for (String source : List.of("crtsh", "hackertarget", "wayback")) {
            for (String d : domains) {
                all.addAll(server.requests(source, d));
            }
        }
        all.sort((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
        return all;
    }

    private static long gapMs(SourceServer.Request a, SourceServer.Request b) {
        return TimeUnit.NANOSECONDS.toMillis(b.atNanos() - a.atNanos());
    }

    @Test
    void twoScansAskingTheSameHostAreSpacedByTheHostIntervalAcrossBothScans() throws Exception {
        for (String d : List.of("pace-a.test", "pace-b.test")) {
            server.script("crtsh", d, Answer.ok("[{\"name_value\":\"c." + d + "\"}]"));
            server.script("hackertarget", d, Answer.ok("h." + d + ",192.0.2.1\n"));
            server.script("wayback", d, Answer.ok("http://w." + d + "/\n"));
        }
        CompletableFuture<Exchange> a = scanAsync("pace-a.test");
        CompletableFuture<Exchange> b = scanAsync("pace-b.test");
        assertEquals("OK", tools(a, "pace-a.test").at("/wayback/status").asText());
        assertEquals("OK", tools(b, "pace-b.test").at("/wayback/status").asText());
        List<SourceServer.Request> all = requests("pace-a.test", "pace-b.test");
        assertEquals(6, all.size(), all.toString());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(gapMs(all.get(i - 1), all.get(i)) >= INTERVAL_MS - SLACK_MS,
                    "request " + i + " came " + gapMs(all.get(i - 1), all.get(i)) + " ms after the one before: " + all);
        }
        assertEquals(List.of("c.pace-a.test", "h.pace-a.test", "w.pace-a.test"), names("pace-a.test"));
        assertEquals(List.of("c.pace-b.test", "h.pace-b.test", "w.pace-b.test"), names("pace-b.test"));
    }

    @Test
    void aRetryWaitsForTheHostsPaceNotOnlyForItsBackoff() throws Exception {
        String d = "pace-retry.test";
        server.script("crtsh", d, Answer.status(503, "busy", Map.of()), Answer.ok("[{\"name_value\":\"a." + d + "\"}]"));
        server.script("hackertarget", d, Answer.ok(""));
        server.script("wayback", d, Answer.ok(""));
        JsonNode tools = tools(scanAsync(d), d);
        assertEquals("OK", tools.at("/crtsh/status").asText(), tools.toString());
        List<SourceServer.Request> crtsh = server.requests("crtsh", d);
        assertEquals(2, crtsh.size());
        assertTrue(gapMs(crtsh.get(0), crtsh.get(1)) >= INTERVAL_MS - SLACK_MS,
                "the backoff is 100 ms, the host's pace " + INTERVAL_MS + " ms: " + gapMs(crtsh.get(0), crtsh.get(1)));
        List<SourceServer.Request> all = requests(d);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(gapMs(all.get(i - 1), all.get(i)) >= INTERVAL_MS - SLACK_MS, all.toString());
        }
    }

    @Test
    void a429WithRetryAfterAsAnHttpDateIsAskedAgainNoSoonerThanThatDate() throws Exception {
        String d = "retry-date.test";
        Instant after = Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(after.atOffset(ZoneOffset.UTC));
        server.script("hackertarget", d, Answer.status(429, "API count exceeded", Map.of("Retry-After", date)),
                Answer.ok("b." + d + ",192.0.2.9\n"));
        server.script("crtsh", d, Answer.ok("[]"));
        server.script("wayback", d, Answer.ok(""));
        long offsetMs = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
        JsonNode tools = tools(scanAsync(d), d);
        assertEquals("OK", tools.at("/hackertarget/status").asText(), tools.toString());
        List<SourceServer.Request> ht = server.requests("hackertarget", d);
        assertEquals(2, ht.size(), "asked once more, by the route (HttpClient's own retry is off)");
        long secondAt = TimeUnit.NANOSECONDS.toMillis(ht.get(1).atNanos()) + offsetMs;
        assertTrue(secondAt >= after.toEpochMilli() - SLACK_MS, "asked again " + (after.toEpochMilli() - secondAt)
                + " ms before the Retry-After date " + date);
        assertEquals(List.of("b." + d), names(d));
    }

    @Test
    void aScanCancelledWhileItsSourceWaitsToAskAgainDoesNotAskAgain() throws Exception {
        String d = "retry-cancel.test";
        server.script("hackertarget", d, Answer.status(429, "slow down", Map.of("Retry-After", "3")),
                Answer.ok("late." + d + ",192.0.2.9\n"));
        server.script("crtsh", d, Answer.ok("[]"));
        server.script("wayback", d, Answer.ok(""));
        CompletableFuture<Exchange> scan = scanAsync(d);
        await("the first request", 20_000, () -> !server.requests("hackertarget", d).isEmpty());
        UUID id = UUID.fromString(db.single("SELECT id::text FROM asmm8_scan_run WHERE domain = ?", d));
        assertTrue(context.getRegistry().lookupByNameAndType("activeScans", ActiveScans.class).cancel(id));
        JsonNode tools = tools(scan, d);
        assertEquals(1, server.requests("hackertarget", d).size(), "not asked again after the cancel");
        assertEquals("FAILED", tools.at("/hackertarget/status").asText(), tools.toString());
        assertEquals("not finished: the scan was cancelled", tools.at("/hackertarget/message").asText());
        assertEquals(List.of(), names(d));
    }
}
