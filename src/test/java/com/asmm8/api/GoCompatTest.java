package com.asmm8.api;

import static com.asmm8.api.GoCompatSupport.failed;
import static com.asmm8.api.GoCompatSupport.ok;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.api.ApiTestSupport.Answer;
import com.asmm8.api.GoCompatSupport.Daemon;
import com.asmm8.support.FakeSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ASMM8_API_COMPAT=go, driven over real HTTP the way a client script written against the Go
 * service's API drives it (deifzar/asmm8: gin handlers answering {"status", "msg", "data"}).
 * Each nested class boots its own daemon ({@link GoCompatSupport.Daemon}, one at a time).
 */
class GoCompatTest {

    private static final String NO_ID = "00000000-0000-0000-0000-000000000000";

    @Test
    void settingsAreCheckedAndOnlyAnExplicitOffLiftsTheLoopbackRule() {
        assertThrows(IllegalArgumentException.class, () -> ApiShape.of("grpc"));
        assertEquals("go", ApiShape.of(" Go ").id());
        assertEquals("", ApiShape.of(null).id());
        assertThrows(IllegalArgumentException.class, () -> ApiAuth.required("false"), "a typo never turns auth off");
        assertTrue(ApiAuth.required(""));
        assertTrue(ApiAuth.required("on"));
        assertFalse(ApiAuth.required("OFF"));
        assertFalse(ApiAuth.allowedOn("0.0.0.0", null, null));
        assertFalse(ApiAuth.allowedOn("0.0.0.0", null, "on"));
        assertFalse(ApiAuth.allowedOn("0.0.0.0", "", "no"));
        assertTrue(ApiAuth.allowedOn("0.0.0.0", null, "off"));
        assertTrue(ApiAuth.allowedOn("127.0.0.1", null, null));
        assertTrue(ApiAuth.allowedOn("10.0.0.1", "secret", null));
    }

    /** compat=go and auth=off, no token anywhere: the Go API's clients work unchanged. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AuthOff {

        Daemon d;

        @BeforeAll
        void start() throws Exception {
            d = new Daemon(Map.of("asmm8.api.compat", "go", "asmm8.api.auth", "off", "asmm8.api.tokens", ""));
        }

        @AfterAll
        void stop() throws Exception {
            if (d != null) {
                d.close();
            }
        }

        Answer get(String path) throws Exception {
            return d.call("GET", path, null, null);
        }

        Answer send(String method, String path, String body) throws Exception {
            return d.call(method, path, body, null);
        }

        /** POST /domain as a Go client does, then finds the new id by listing (Go answered data: true). */
        String createDomain(String name) throws Exception {
            Answer c = ok(send("POST", "/domain", "{\"name\":\"" + name + "\",\"companyname\":\"Acme\",\"enabled\":true}"),
                    "Insert domain success");
            assertTrue(c.data().isBoolean() && c.data().asBoolean(), c.raw());
            for (JsonNode dom : ok(get("/domain"), "get all domain success").data()) {
                if (dom.path("name").asText().equals(name)) {
                    return dom.path("id").asText();
                }
            }
            throw new AssertionError(name + " not listed");
        }

        @Test
        void domainsAnswerAsTheGoServiceDid() throws Exception {
            String id = createDomain("go.example.com");

            Answer one = ok(get("/domain/" + id), "get one domain success");
            assertEquals(List.of("companyname", "enabled", "id", "name"), fields(one.data()), "the Go domain object");
            assertEquals("go.example.com", one.data().path("name").asText());

            // a Go client sends back the object it got, id included
            ObjectNode edited = (ObjectNode) one.data().deepCopy();
            edited.put("companyname", "Acme 2").put("enabled", false);
            Answer upd = ok(send("PUT", "/domain/" + id, edited.toString()), "Update domain success");
            assertEquals("Acme 2", upd.data().path("companyname").asText());
            assertFalse(upd.data().path("enabled").asBoolean());
            assertEquals(id, upd.data().path("id").asText());

            failed(send("POST", "/domain", "{\"name\":\"go.example.com\",\"companyname\":\"Acme\"}"), 409, "exists already");
            failed(send("POST", "/domain", "{\"name\":\"bad.example.com\",\"bogus\":1}"), 400, "unknown field 'bogus'");

            Answer del = ok(send("DELETE", "/domain/" + id, null), "delete domain successfully");
            assertFalse(del.json().has("data"), del.raw());
            failed(get("/domain/" + id), 404, "no domain with id");
        }

        @Test
        void hostnamesCarryDmainidAndTheWholeListComesInOneAnswer() throws Exception {
            String id = createDomain("hosts.example.com");
            Answer c = ok(
                    send("POST", "/domain/" + id + "/hostname", "{\"name\":\"www.hosts.example.com\",\"enabled\":true,\"live\":true}"),
                    "insert hostname success");
            assertTrue(c.data().isTextual(), "Go answered the new id: " + c.raw());
            String hid = c.data().asText();
            assertEquals(36, UUID.fromString(hid).toString().length());

            Answer list = ok(get("/domain/" + id + "/hostname"), "get all hostname successfully");
            assertEquals(1, list.data().size(), list.raw());
            JsonNode h = list.data().get(0);
            assertEquals(hid, h.path("id").asText());
            assertEquals(id, h.path("dmainid").asText(), "the Go model's JSON tag");
            assertEquals(id, h.path("domainid").asText());
            assertEquals("www.hosts.example.com", h.path("name").asText());
            assertTrue(h.path("live").asBoolean() && h.path("enabled").asBoolean());
            assertDoesNotThrow(() -> OffsetDateTime.parse(h.path("foundfirsttime").asText()), "RFC 3339 like Go's time.Time");
            assertFalse(list.json().has("page"), "one answer, no paging: " + list.raw());

            Answer one = ok(get("/domain/" + id + "/hostname/" + hid), "get hostname successfully");
            assertEquals(id, one.data().path("dmainid").asText());
            assertEquals(id, one.data().path("domainid").asText());

            ObjectNode edited = (ObjectNode) one.data().deepCopy(); // sent back whole, dmainid and all
            edited.put("enabled", false);
            Answer upd = ok(send("PUT", "/domain/" + id + "/hostname/" + hid, edited.toString()), "update hostname success");
            assertFalse(upd.data().path("enabled").asBoolean());
            assertEquals(id, upd.data().path("dmainid").asText());

            // the Go service answered every hostname at once: so does compat mode, across pages
            d.db.update("INSERT INTO cptm8hostname (id, name, foundfirsttime, live, enabled, domainid, lastseen, sources) "
                    + "SELECT gen_random_uuid(), 'h' || g || '.hosts.example.com', now(), true, true, ?, now(), ARRAY['test'] "
                    + "FROM generate_series(1, 2345) g", UUID.fromString(id));
            Answer all = ok(get("/domain/" + id + "/hostname"), "get all hostname successfully");
            assertEquals(2346, all.data().size());
            List<String> names = new ArrayList<>();
            all.data().forEach(n -> names.add(n.path("name").asText()));
            assertEquals(names.stream().sorted().distinct().toList(), names, "by name, each once");
            all.data().forEach(n -> assertEquals(id, n.path("dmainid").asText()));

            // asking for a page still gives a page
            Answer page = ok(get("/domain/" + id + "/hostname?limit=2"), "get all hostname successfully");
            assertEquals(2, page.data().size());
            assertEquals(id, page.data().get(0).path("dmainid").asText());
            assertEquals(2, page.json().path("page").path("limit").asInt());

            // another domain's hostnames are not listed (the Go service's bug is not reproduced)
            String other = createDomain("other.example.com");
            assertEquals(0, ok(get("/domain/" + other + "/hostname"), "get all hostname successfully").data().size());

            assertFalse(ok(send("DELETE", "/domain/" + id + "/hostname/" + hid, null), "delete hostname success").json().has("data"));
            failed(get("/domain/" + id + "/hostname/" + hid), 404, "no hostname");
            failed(send("DELETE", "/domain/" + id + "/hostname/" + hid, null), 404, "no hostname");
        }

        @Test
        void scanTriggersAnswer200AtOnce() throws Exception {
            d.db.update("UPDATE cptm8domain SET enabled = false");
            Answer none = ok(get("/scan/active"), "ASMM8 Active scans finished. No target in scope");
            assertFalse(none.json().has("data"), none.raw());
            ok(get("/scan"), "ASM8 full scans finished. No target in scope");

            createDomain("scan.example.com");
            Answer passive = ok(get("/scan/passive"), "Launching Passive scans.. Please, check the notification.");
            assertFalse(passive.json().has("data"), "Go answered no data here: " + passive.raw());
            FakeSource.await("the passive scan ends", 30_000, () -> {
                try {
                    JsonNode runs = get("/scans?domain=scan.example.com").data();
                    return runs.size() == 1 && !runs.get(0).path("status").asText().equals("running");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Answer check = ok(get("/scan/check"), "Check alive scans are running");
            assertTrue(check.json().has("data") && check.data().isNull(), "Go answered \"data\": null here: " + check.raw());
            // a second trigger while that scan runs is refused, in the Go error shape
            Answer again = get("/scan/check");
            if (again.code() != 200) { // unless the check finished in between
                failed(again, 409, "already being scanned");
            }
        }

        @Test
        void healthAndReadyHaveTheGoBodies() throws Exception {
            Answer h = get("/health");
            assertEquals(200, h.code(), h.raw());
            assertEquals("healthy", h.status());
            assertEquals("asmm8", h.json().path("service").asText());
            assertDoesNotThrow(() -> OffsetDateTime.parse(h.json().path("timestamp").asText()), h.raw());
            assertFalse(h.json().has("msg"), h.raw());

            Answer r = get("/ready");
            assertEquals(200, r.code(), r.raw());
            assertEquals("ready", r.status());
            assertEquals("asmm8", r.json().path("service").asText());
            assertDoesNotThrow(() -> OffsetDateTime.parse(r.json().path("timestamp").asText()), r.raw());
            assertEquals("healthy", r.json().path("checks").path("database").asText(), r.raw());
            assertEquals("disabled", r.json().path("checks").path("rabbitmq").asText(), "no broker configured: " + r.raw());
            assertEquals("healthy", r.json().path("checks").path("routes").asText(), r.raw());

            d.main.getCamelContext().getRouteController().stopRoute("check");
            try {
                Answer down = get("/ready");
                assertEquals(503, down.code(), down.raw());
                assertEquals("not ready", down.status());
                assertEquals("unhealthy", down.json().path("checks").path("routes").asText(), down.raw());
            } finally {
                d.main.getCamelContext().getRouteController().startRoute("check");
            }
        }

        @Test
        void errorsSayFailedAndMissingIdsStay404() throws Exception {
            failed(send("POST", "/domain", "{\"name\": \"x.example.com\""), 400, "malformed JSON");
            failed(send("POST", "/domain", "{}"), 400, "field 'name' is required");
            failed(get("/domain/not-a-uuid"), 400, "id must be a UUID");
            failed(get("/domain/" + NO_ID), 404, "no domain with id");
            failed(send("PUT", "/domain/" + NO_ID, "{\"name\":\"none.example.com\",\"companyname\":\"A\",\"enabled\":true}"),
                    404, "no domain with id");
            failed(send("DELETE", "/domain/" + NO_ID, null), 404, "no domain with id");
            failed(get("/domain/" + NO_ID + "/hostname"), 404, "no domain with id");
            failed(get("/domain/" + NO_ID + "/hostname/" + NO_ID), 404, "no hostname");
            failed(send("POST", "/domain/" + NO_ID + "/hostname", "{\"name\":\"www.none.example.com\"}"), 404, "no domain with id");
        }

        @Test
        void pathsTheGoServiceDidNotHaveKeepTodaysShape() throws Exception {
            Answer scans = get("/scans");
            assertEquals(200, scans.code(), scans.raw());
            assertEquals("success", scans.status());
            assertTrue(scans.data().isArray());
            Answer missing = get("/scan/" + NO_ID);
            assertEquals(404, missing.code());
            assertEquals("error", missing.status(), missing.raw());
            Answer bad = get("/scans?status=nope");
            assertEquals(400, bad.code());
            assertEquals("error", bad.status(), bad.raw());
        }
    }

    /** compat=go with auth left on: the token is still checked (the error in the Go shape). */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AuthOn {

        static final String TOKEN = "go-compat-token-0123456789";
        Daemon d;

        @BeforeAll
        void start() throws Exception {
            d = new Daemon(Map.of("asmm8.api.compat", "go", "asmm8.api.tokens", TOKEN));
        }

        @AfterAll
        void stop() throws Exception {
            if (d != null) {
                d.close();
            }
        }

        @Test
        void aRequestWithoutTokenIs401() throws Exception {
            failed(d.call("GET", "/domain", null, null), 401, "authentication required");
            failed(d.call("POST", "/domain", "{\"name\":\"t.example.com\",\"companyname\":\"A\"}", null), 401,
                    "authentication required");
            failed(d.call("GET", "/scan/passive", null, null), 401, "authentication required");
            failed(d.call("GET", "/domain", null, "wrong"), 403, "forbidden");
            ok(d.call("GET", "/domain", null, TOKEN), "get all domain success");
            Answer h = d.call("GET", "/health", null, null);
            assertEquals(200, h.code(), "probes need no token");
            assertEquals("healthy", h.status());
        }
    }

    private static List<String> fields(JsonNode n) {
        List<String> f = new ArrayList<>();
        n.fieldNames().forEachRemaining(f::add);
        return f.stream().sorted().toList();
    }
}
