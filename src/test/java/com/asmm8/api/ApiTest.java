package com.asmm8.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every endpoint's success path and its documented errors, over real HTTP. */
class ApiTest extends ApiTestSupport {

    private static String createDomain(String name) throws Exception {
        Answer a = post("/domain", "{\"name\":\"" + name + "\",\"companyname\":\"Acme\",\"enabled\":true}");
        assertEquals(201, a.code(), a.raw());
        return a.data().path("id").asText();
    }

    private static void awaitStatus(String scanId, String status) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (get("/scan/" + scanId).data().path("status").asText().equals(status)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("scan " + scanId + " never became " + status);
    }

    @Test
    void healthAndReadinessNeedNoToken() throws Exception {
        Answer h = call("GET", "/health", null, null, null);
        assertEquals(200, h.code());
        assertEquals("success", h.json().path("status").asText());
        Answer r = call("GET", "/ready", null, null, null);
        assertEquals(200, r.code(), r.raw());
        assertEquals("UP", r.data().path("database").path("state").asText(), r.raw());
        assertEquals("UP", r.data().path("route:scan").path("state").asText(), r.raw());
        assertTrue(r.data().path("tools").path("tools").path("fake").path("present").asBoolean(), r.raw());
        assertEquals("passive", r.data().path("tools").path("tools").path("fake").path("phase").asText());
    }

    @Test
    void readinessFailsWithTheFailingCheckWhenARouteIsDown() throws Exception {
        main.getCamelContext().getRouteController().stopRoute("check");
        try {
            Answer r = call("GET", "/ready", null, null, null);
            assertEquals(503, r.code(), r.raw());
            assertTrue(r.msg().contains("route:check"), r.msg());
            assertEquals("DOWN", r.data().path("route:check").path("state").asText());
        } finally {
            main.getCamelContext().getRouteController().startRoute("check");
        }
        assertEquals(200, call("GET", "/ready", null, null, null).code());
    }

    @Test
    void domainLifecycle() throws Exception {
        String id = createDomain("Life.Example.COM.");
        Answer got = get("/domain/" + id);
        assertEquals(200, got.code());
        assertEquals("life.example.com", got.data().path("name").asText(), "stored canonical");
        assertEquals("Acme", got.data().path("companyname").asText());

        Answer dup = post("/domain", "{\"name\":\"life.example.com\"}");
        assertEquals(409, dup.code());
        assertEquals("error", dup.json().path("status").asText());

        Answer upd = put("/domain/" + id, "{\"name\":\"life.example.com\",\"companyname\":\"Acme 2\",\"enabled\":false}");
        assertEquals(200, upd.code(), upd.raw());
        assertFalse(upd.data().path("enabled").asBoolean());

        Answer idn = post("/domain", "{\"name\":\"bücher.example\"}");
        assertEquals(201, idn.code(), idn.raw());
        assertEquals("xn--bcher-kva.example", idn.data().path("name").asText());

        List<String> names = new ArrayList<>();
        get("/domain").data().forEach(d -> names.add(d.path("name").asText()));
        assertTrue(names.containsAll(List.of("life.example.com", "xn--bcher-kva.example")), names.toString());

        assertEquals(200, delete("/domain/" + id).code());
        assertEquals(404, get("/domain/" + id).code());
        assertEquals(404, delete("/domain/" + id).code());
    }

    @Test
    void hostnameLifecycleAndPaging() throws Exception {
        String id = createDomain("hosts.example.com");
        Answer created = post("/domain/" + id + "/hostname", "{\"name\":\"WWW.hosts.example.com\",\"enabled\":true,\"live\":true}");
        assertEquals(201, created.code(), created.raw());
        String hid = created.data().path("id").asText();
        assertEquals("www.hosts.example.com", created.data().path("name").asText());
        assertEquals(409, post("/domain/" + id + "/hostname", "{\"name\":\"www.hosts.example.com\"}").code());
        assertEquals(400, post("/domain/" + id + "/hostname", "{\"name\":\"www.other.com\"}").code(), "out of scope");
        for (int i = 0; i < 25; i++) {
            assertEquals(201, post("/domain/" + id + "/hostname",
                    "{\"name\":\"h" + (100 + i) + ".hosts.example.com\",\"live\":" + (i % 2 == 0) + "}").code());
        }
        Answer page1 = get("/domain/" + id + "/hostname?limit=10");
        assertEquals(10, page1.data().size());
        String next = page1.json().path("page").path("next").asText();
        Answer page2 = get("/domain/" + id + "/hostname?limit=10&after=" + next);
        assertEquals(10, page2.data().size());
        assertTrue(page2.data().get(0).path("name").asText().compareTo(next) > 0);
        assertEquals(14, get("/domain/" + id + "/hostname?live=true&limit=100").data().size(), "13 of 25 plus www");
        assertEquals(1, get("/domain/" + id + "/hostname?q=www").data().size());
        assertEquals(26, get("/domain/" + id + "/hostname?since=2000-01-01T00:00:00Z&limit=1000").data().size());
        assertEquals("www.hosts.example.com", get("/domain/" + id + "/hostname?sort=-name&limit=1").data().get(0).path("name").asText());

        Answer one = get("/domain/" + id + "/hostname/" + hid);
        assertEquals(200, one.code());
        Answer upd = put("/domain/" + id + "/hostname/" + hid, "{\"name\":\"www.hosts.example.com\",\"enabled\":false}");
        assertEquals(200, upd.code(), upd.raw());
        assertFalse(upd.data().path("enabled").asBoolean());
        assertEquals(200, delete("/domain/" + id + "/hostname/" + hid).code());
        assertEquals(404, get("/domain/" + id + "/hostname/" + hid).code());
    }

    @Test
    void scansStartAtOnceRefuseASecondOneAndCanBeCancelled() throws Exception {
        createDomain("scan1.example.com");
        Answer started = get("/scan/passive?domains=scan1.example.com");
        assertEquals(202, started.code(), started.raw());
        String scanId = started.data().path("scans").get(0).path("id").asText();
        assertNotNull(scanId);

        Answer again = get("/scan/passive?domains=scan1.example.com");
        assertEquals(409, again.code(), again.raw());
        assertEquals(scanId, again.json().path("data").path("running").get(0).path("id").asText(), "names the running scan");

        Answer status = get("/scan/" + scanId);
        assertEquals(200, status.code());
        assertEquals("passive", status.data().path("scantype").asText());

        Answer cancel = delete("/scan/" + scanId);
        assertEquals(202, cancel.code(), cancel.raw());
        awaitStatus(scanId, "cancelled");
        assertEquals(409, delete("/scan/" + scanId).code(), "not running any more");

        Answer list = get("/scans?domain=scan1.example.com&status=cancelled");
        assertEquals(1, list.data().size());
        assertEquals(com.asmm8.db.Owner.NODE, list.data().get(0).path("node").asText(), "the daemon that ran it");
        assertEquals(404, get("/scan/00000000-0000-0000-0000-000000000000").code());
        assertEquals(404, get("/scan/passive?domains=unknown.example.com").code());
    }

    @Test
    void aCompleteScanOfAllEnabledDomainsRecordsNewHostnames() throws Exception {
        createDomain("all1.example.com");
        Answer started = get("/scan");
        assertEquals(202, started.code(), started.raw());
        String scanId = null;
        for (var s : started.data().path("scans")) {
            if (s.path("domain").asText().equals("all1.example.com")) {
                scanId = s.path("id").asText();
            }
        }
        assertNotNull(scanId, started.raw());
        awaitStatus(scanId, "warning"); // no bruteforce tool in this test's tools file: skipped phases
        Answer done = get("/scan/" + scanId);
        assertEquals(5, done.data().path("newhostnames").asInt(), done.raw());
        assertEquals(5, done.data().path("newhostnamelist").size());
    }

    @Test
    void exportStreamsEveryHostnameAsCsvAndNdjson() throws Exception {
        String id = createDomain("export.example.com");
        for (int i = 0; i < 3; i++) {
            post("/domain/" + id + "/hostname", "{\"name\":\"e" + i + ".export.example.com\"}");
        }
        Answer csv = get("/domain/" + id + "/export?format=csv");
        assertEquals(200, csv.code());
        String[] lines = csv.raw().split("\n");
        assertEquals("id,name,foundfirsttime,live,enabled,lastseen,sources,addresses", lines[0]);
        assertEquals(4, lines.length);
        assertTrue(lines[1].contains(",e0.export.example.com,"), lines[1]);
        Answer nd = get("/domain/" + id + "/export?format=ndjson");
        String[] rows = nd.raw().split("\n");
        assertEquals(3, rows.length);
        assertEquals("e2.export.example.com", JSON.readTree(rows[2]).path("name").asText());
        assertEquals(400, get("/domain/" + id + "/export?format=xml").code());
        assertEquals(401, call("GET", "/domain/" + id + "/export", null, null, null).code());
    }

    @Test
    void exportTakesTheListingsFiltersSoADownloadIsWhatTheFiltersShow() throws Exception {
        String id = createDomain("filtered.example.com");
        post("/domain/" + id + "/hostname", "{\"name\":\"api.filtered.example.com\",\"live\":true}");
        post("/domain/" + id + "/hostname", "{\"name\":\"api-old.filtered.example.com\",\"live\":false}");
        post("/domain/" + id + "/hostname", "{\"name\":\"www.filtered.example.com\",\"live\":true}");
        String[] live = get("/domain/" + id + "/export?format=csv&live=true").raw().split("\n");
        assertEquals(3, live.length, String.join("|", live));
        assertTrue(live[1].contains(",api.filtered.example.com,") && live[2].contains(",www.filtered.example.com,"));
        String[] api = get("/domain/" + id + "/export?format=ndjson&q=api&live=false").raw().split("\n");
        assertEquals(1, api.length);
        assertEquals("api-old.filtered.example.com", JSON.readTree(api[0]).path("name").asText());
        Answer bad = get("/domain/" + id + "/export?format=csv&q=a%25b");
        assertEquals(400, bad.code());
        assertTrue(bad.raw().contains("q must be"), bad.raw());
        assertEquals(400, get("/domain/" + id + "/export?format=csv&sort=name").code(),
                "the listing's page options are not export options");
    }

    @Test
    void theOpenApiDocumentDescribesEveryRoute() throws Exception {
        Answer doc = get("/openapi.json");
        assertEquals(200, doc.code());
        assertEquals("3.0.3", doc.json().path("openapi").asText());
        assertEquals(401, call("GET", "/openapi.json", null, null, null).code());
        // every path and verb of routes/50-api.yaml is in the document
        var rest = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(java.nio.file.Path.of("routes/50-api.yaml").toFile()).get(0).get("rest");
        int checked = 0;
        for (String verb : List.of("get", "post", "put", "delete")) {
            for (var v : rest.path(verb)) {
                String path = v.path("path").asText();
                assertTrue(doc.json().path("paths").path(path).has(verb), verb + " " + path + " missing from openapi.json");
                checked++;
            }
        }
        assertEquals(27, checked);
    }

    @Test
    void rotatedTokensAreBothAccepted() throws Exception {
        assertEquals(200, call("GET", "/domain", null, null, OLD_TOKEN).code());
        assertEquals(200, call("GET", "/domain", null, null, TOKEN).code());
    }
}
