package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.SourceServer;
import com.asmm8.support.SourceServer.Answer;
import com.asmm8.support.SourcesTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * The passive sources built into ASMM8 (crt.sh, HackerTarget, Wayback) against stand-ins on
 * 127.0.0.1 that answer in each service's format and fail as they fail: the exact rows stored
 * and the per-source report in the scan-run record.
 */
class PassiveSourcesTest extends SourcesTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonNode scan(String domain) throws Exception {
        Exchange done = scanAsync(domain).get(120, TimeUnit.SECONDS);
        assertNull(done.getException());
        return JSON.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ?", domain)).at("/passive/tools");
    }

    private static String crtsh(String... nameValues) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < nameValues.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"issuer_ca_id\":183267,\"issuer_name\":\"C=US, O=Let's Encrypt, CN=R3\",")
                    .append("\"common_name\":\"").append(nameValues[i].split("\n")[0]).append("\",\"name_value\":")
                    .append(JSON.valueToTree(nameValues[i]).toString()).append(",\"id\":").append(1000 + i)
                    .append(",\"entry_timestamp\":\"2024-01-01T00:00:00.000\",\"not_before\":\"2024-01-01T00:00:00\",")
                    .append("\"not_after\":\"2024-04-01T00:00:00\",\"serial_number\":\"04a1\",\"result_count\":2}");
        }
        return sb.append("]").toString();
    }

    @Test
    void everySourcesNamesAreCleanedScopedAndStoredWithAReportPerSource() throws Exception {
        String d = "ok.test";
        server.script("crtsh", d, Answer.ok(crtsh("ok.test\nwww.ok.test", "*.api.ok.test\nadmin@ok.test",
                "mail.ok.test\nwww.other.example\nWWW.OK.TEST")));
        server.script("hackertarget", d, Answer.ok("vpn.ok.test,192.0.2.1\nmail.ok.test,192.0.2.2\n"));
        server.script("wayback", d, Answer.ok("http://blog.ok.test/2019/01/post\nhttps://shop.ok.test:443/cart?x=1\n"
                + "http://user@cdn.ok.test/a.js\nhttp://evil.example/ok.test\n"));
        JsonNode tools = scan(d);
        assertEquals(List.of("api.ok.test", "blog.ok.test", "cdn.ok.test", "mail.ok.test", "ok.test", "shop.ok.test",
                "vpn.ok.test", "www.ok.test"), names(d));
        assertEquals("OK", tools.at("/crtsh/status").asText(), tools.toString());
        assertEquals(4, tools.at("/crtsh/accepted").asInt(), tools.toString()); // ok, www, api, mail (WWW again: a repeat)
        assertEquals("OK", tools.at("/hackertarget/status").asText());
        assertEquals(1, tools.at("/hackertarget/accepted").asInt(), "mail.ok.test was found by crt.sh already");
        assertEquals("OK", tools.at("/wayback/status").asText());
        assertEquals(3, tools.at("/wayback/accepted").asInt());
        assertTrue(tools.at("/crtsh/durationMs").isNumber());
        assertEquals(List.of("{crtsh}", "{crtsh}"), db.column(
                "SELECT sources::text FROM cptm8hostname WHERE name IN ('www.ok.test', 'mail.ok.test') ORDER BY name DESC"));
        assertEquals("completed", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d));
        String query = server.requests("crtsh", d).get(0).query();
        assertEquals("q=%.ok.test&output=json", query, "crt.sh is asked for every name under the domain");
    }

    @Test
    void a502AndA429AreRetriedTheRetryAfterIsHonouredAndTheAnswersKept() throws Exception {
        String d = "retry.test";
        server.script("crtsh", d, Answer.status(502, "<html><body>502 Bad Gateway</body></html>", Map.of()),
                Answer.ok(crtsh("a.retry.test")));
        server.script("hackertarget", d, Answer.status(429, "API count exceeded", Map.of("Retry-After", "2")),
                Answer.ok("b.retry.test,192.0.2.9\n"));
        server.script("wayback", d, Answer.ok(""));
        JsonNode tools = scan(d);
        assertEquals(List.of("a.retry.test", "b.retry.test"), names(d));
        assertEquals("OK", tools.at("/crtsh/status").asText(), tools.toString());
        assertEquals("OK", tools.at("/hackertarget/status").asText(), tools.toString());
        assertEquals(2, server.requests("crtsh", d).size());
        List<SourceServer.Request> ht = server.requests("hackertarget", d);
        assertEquals(2, ht.size());
        assertTrue(ht.get(1).atNanos() - ht.get(0).atNanos() >= TimeUnit.MILLISECONDS.toNanos(1900),
                "the second request waited for the Retry-After of 2 s");
    }

    @Test
    void anHtmlPageAnErrorLineAndASlowAnswerFailTheirSourceAndNothingOfThemIsStored() throws Exception {
        String d = "fail.test";
        server.script("crtsh", d, Answer.ok("<!DOCTYPE html><html><head><title>crt.sh | ERROR!</title></head>"
                + "<body>fail.test www.fail.test Sorry, something went wrong</body></html>"));
        server.script("hackertarget", d, Answer.ok("API count exceeded - Increase Quota with Membership"));
        server.script("wayback", d, Answer.slow(4000, "http://late.fail.test/\n"));
        JsonNode tools = scan(d);
        assertEquals(List.of(), names(d));
        assertEquals("FAILED", tools.at("/crtsh/status").asText());
        assertEquals("the answer is an HTML page, not data (crt.sh | error!)", tools.at("/crtsh/message").asText());
        assertEquals(1, server.requests("crtsh", d).size(), "an HTML page is not retried");
        assertEquals("FAILED", tools.at("/hackertarget/status").asText());
        assertEquals("the source answered with an error: API count exceeded - Increase Quota with Membership",
                tools.at("/hackertarget/message").asText());
        assertEquals("FAILED", tools.at("/wayback/status").asText());
        String slow = tools.at("/wayback/message").asText();
        assertTrue(slow.startsWith("no answer: SocketTimeoutException") && slow.endsWith("(after 3 attempts)"), slow);
        assertEquals(3, server.requests("wayback", d).size());
        String run = db.single("SELECT status || ' | ' || error FROM asmm8_scan_run WHERE domain = ?", d);
        assertTrue(run.startsWith("failed | "), run);
        assertTrue(run.contains("passive/crtsh: the answer is an HTML page"), run);
    }

    @Test
    void aBodyCutMidJsonFailsTheSourceAndKeepsOnlyTheCompleteEntriesBeforeTheCut() throws Exception {
        String d = "cut.test";
        String full = crtsh("one.cut.test", "two.cut.test", "three.cut.test");
        String cut = full.substring(0, full.indexOf("three.cut.test") - 20);
        server.script("crtsh", d, Answer.ok(cut));
        server.script("hackertarget", d, Answer.ok(""));
        server.script("wayback", d, Answer.ok(""));
        JsonNode tools = scan(d);
        assertEquals(List.of("one.cut.test", "two.cut.test"), names(d));
        assertEquals("FAILED", tools.at("/crtsh/status").asText());
        assertTrue(tools.at("/crtsh/message").asText().startsWith("the answer was cut short (incomplete JSON after 4 names)"),
                tools.toString());
    }

    @Test
    void aThirtyMegabyteAnswerIsStreamedIntoTheInventory() throws Exception {
        String d = "big.test";
        int entries = 100_000;
        server.script("crtsh", d, Answer.streamed(out -> {
            out.write('[');
            for (int i = 0; i < entries; i++) {
                out.write(((i == 0 ? "" : ",") + crtsh("h" + i + ".big.test\nalt" + (i % 1000) + ".big.test")
                        .substring(1).replaceAll("]$", "")).getBytes(StandardCharsets.UTF_8));
            }
            out.write(']');
        }));
        server.script("hackertarget", d, Answer.ok(""));
        server.script("wayback", d, Answer.ok(""));
        JsonNode tools = scan(d);
        assertEquals("OK", tools.at("/crtsh/status").asText(), tools.toString());
        assertEquals(Integer.toString(entries + 1000), db.single("SELECT count(*) FROM cptm8hostname WHERE name LIKE '%.big.test'"));
    }
}
