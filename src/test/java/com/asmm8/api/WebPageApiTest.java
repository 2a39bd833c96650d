package com.asmm8.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the web page needs from the daemon, over real HTTP: its static files under /ui/ with a
 * strict Content-Security-Policy, and the endpoints it reads the inventory through (/domains,
 * /changes, /stats/found, the hostname filters source and wildcard, a running scan's progress).
 */
class WebPageApiTest extends ApiTestSupport {

    private static HttpResponse<String> raw(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String createDomain(String name) throws Exception {
        Answer a = post("/domain", "{\"name\":\"" + name + "\",\"companyname\":\"Acme\",\"enabled\":true}");
        assertEquals(201, a.code(), a.raw());
        return a.data().path("id").asText();
    }

    @Test
    void thePageIsServedWithoutATokenUnderAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> index = raw("/ui/");
        assertEquals(200, index.statusCode(), index.body());
        assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String csp = index.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'")
                && csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval") || csp.contains("http"), csp);
        assertEquals("nosniff", index.headers().firstValue("X-Content-Type-Options").orElse(""));
        // no inline script or handler: every script is a file of the page, every request to this origin
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(index.body()).find(), "inline <script>");
        assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(index.body()).find(), "inline handler");
        assertFalse(index.body().contains("//") && Pattern.compile("(src|href)=\"(https?:)?//").matcher(index.body()).find(),
                "external resource");

        HttpResponse<String> js = raw("/ui/app.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertFalse(js.body().contains("innerHTML"), "the script never writes HTML");
        assertEquals(200, raw("/ui/style.css").statusCode());
        assertEquals(200, raw("/ui/index.html").statusCode());

        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ui/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode(), post.body());

        HttpResponse<String> bare = raw("/ui");
        assertEquals(308, bare.statusCode());
        assertEquals("/ui/", bare.headers().firstValue("Location").orElse(""));
        for (String bad : List.of("/ui/nothing.js", "/ui/../openapi.json", "/ui/%2e%2e/openapi.json", "/ui/sub/app.js",
                "/ui/app.js.bak", "/ui/logback.xml")) {
            HttpResponse<String> r = raw(bad);
            // a JSON error (404; 401 where the path is normalised out of /ui/ onto the API), never a file
            assertTrue(r.statusCode() == 404 || r.statusCode() == 401, bad + " -> " + r.statusCode() + " " + r.body());
            assertTrue(r.body().startsWith("{\"status\":\"error\""), bad + " -> " + r.body());
        }
    }

    @Test
    void domainsAnswersEveryDomainWithItsCountsAndLastScan() throws Exception {
        String id = createDomain("overview.example.com");
        for (int i = 0; i < 3; i++) {
            post("/domain/" + id + "/hostname", "{\"name\":\"o" + i + ".overview.example.com\",\"live\":" + (i == 0) + "}");
        }
        createDomain("never.example.com");
        db.update("INSERT INTO asmm8_scan_run (id, domainid, domain, scantype, status, owner, startedat, endedat, error) "
                + "VALUES (gen_random_uuid(), ?::uuid, 'overview.example.com', 'active', 'failed', 'x', now() - interval '2 hours', "
                + "now() - interval '2 hours' + interval '30 seconds', 'old'), "
                + "(gen_random_uuid(), ?::uuid, 'overview.example.com', 'check', 'completed', 'x', now() - interval '1 hour', "
                + "now() - interval '1 hour' + interval '5 seconds', null)", id, id);
        Answer a = get("/domains");
        assertEquals(200, a.code(), a.raw());
        JsonNode over = find(a.data(), "overview.example.com");
        assertEquals(3, over.path("hostnames").asInt());
        assertEquals(1, over.path("live").asInt());
        assertEquals("Acme", over.path("companyname").asText());
        assertTrue(over.path("enabled").asBoolean());
        assertEquals("completed", over.path("lastscan").path("status").asText(), "the newest run");
        assertEquals("check", over.path("lastscan").path("scantype").asText());
        assertNotNull(over.path("lastscan").path("endedat").textValue());
        JsonNode never = find(a.data(), "never.example.com");
        assertEquals(0, never.path("hostnames").asInt());
        assertTrue(never.path("lastscan").isNull());
        assertEquals(400, get("/domains?x=1").code());
        assertEquals(401, call("GET", "/domains", null, null, null).code());
    }

    @Test
    void changesAreNewNamesAndLiveFlipsSinceATimeNewestFirst() throws Exception {
        String id = createDomain("changes.example.com");
        db.update("INSERT INTO cptm8hostname (name, domainid, foundfirsttime, live, livechangedat) VALUES "
                + "('old.changes.example.com', ?::uuid, now() - interval '10 days', true, null), "
                + "('new1.changes.example.com', ?::uuid, now() - interval '3 hours', true, null), "
                + "('new2.changes.example.com', ?::uuid, now() - interval '1 hour', true, null), "
                + "('dark.changes.example.com', ?::uuid, now() - interval '10 days', false, now() - interval '2 hours'), "
                + "('back.changes.example.com', ?::uuid, now() - interval '10 days', true, now() - interval '30 minutes'), "
                + "('olddark.changes.example.com', ?::uuid, now() - interval '10 days', false, now() - interval '5 days')",
                id, id, id, id, id, id);
        String since = Instant.now().minus(Duration.ofDays(1)).toString();
        Answer a = get("/changes?domain=changes.example.com&since=" + since);
        assertEquals(200, a.code(), a.raw());
        List<String> seen = new ArrayList<>();
        a.data().forEach(c -> seen.add(c.path("kind").asText() + " " + c.path("name").asText()));
        assertEquals(List.of("live back.changes.example.com", "new new2.changes.example.com",
                "dark dark.changes.example.com", "new new1.changes.example.com"), seen);
        assertEquals("changes.example.com", a.data().get(0).path("domain").asText());
        assertEquals(2, get("/changes?domain=changes.example.com&limit=2&since=" + since).data().size());
        assertTrue(get("/changes?domain=changes.example.com&limit=2&since=" + since).json().path("page").path("truncated").asBoolean());
        assertEquals(9, get("/changes?domain=changes.example.com&since=2000-01-01T00:00:00Z").data().size(),
                "every name once as new; three flips");
        assertEquals(400, get("/changes?since=yesterday").code());
        assertEquals(404, get("/changes?domain=nowhere.example.com").code());
        assertEquals(400, get("/changes?limit=0").code());
    }

    @Test
    void oneSearchFindsNamesOfEveryDomainWithTheirDomainAndCountsThemAll() throws Exception {
        String a = createDomain("alpha-search.example.com");
        String b = createDomain("beta-search.example.com");
        db.update("INSERT INTO cptm8hostname (name, domainid) VALUES ('vpn.alpha-search.example.com', ?::uuid), "
                + "('vpn2.beta-search.example.com', ?::uuid), ('www.beta-search.example.com', ?::uuid)", a, b, b);
        Answer r = get("/hostnames?q=vpn&limit=1");
        assertEquals(200, r.code(), r.raw());
        assertEquals(2, r.json().path("page").path("total").asInt(), r.raw());
        assertEquals(1, r.data().size());
        assertEquals("vpn.alpha-search.example.com", r.data().get(0).path("name").asText());
        assertEquals("alpha-search.example.com", r.data().get(0).path("domain").asText());
        Answer two = get("/hostnames?q=vpn&offset=1");
        assertEquals("beta-search.example.com", two.data().get(0).path("domain").asText(), two.raw());
        assertEquals(400, get("/hostnames?q=a%25b").code());
        assertEquals(3, get("/domain/" + b + "/hostname?limit=1").json().path("page").path("total").asInt() + 1,
                "the listing's total counts the domain's names, not the page's");
    }

    @Test
    void eachSourcesWorthIsTheNamesOnlyItFoundOverThirtyDaysInADomainOrInOneScan() throws Exception {
        String id = createDomain("worth.example.com");
        db.update("INSERT INTO cptm8hostname (name, domainid, lastseen, sources) VALUES "
                + "('a.worth.example.com', ?::uuid, now(), ARRAY['crtsh', 'virustotal']), "
                + "('b.worth.example.com', ?::uuid, now(), ARRAY['virustotal']), "
                + "('c.worth.example.com', ?::uuid, now(), ARRAY['virustotal', 'wildcard']), "
                + "('d.worth.example.com', ?::uuid, now(), ARRAY['axfr']), "
                + "('e.worth.example.com', ?::uuid, now() - interval '40 days', ARRAY['shodan'])", id, id, id, id, id);
        Answer a = get("/stats/sources?domain=worth.example.com");
        assertEquals(200, a.code(), a.raw());
        List<String> rows = new ArrayList<>();
        a.data().forEach(r -> rows.add(r.path("source").asText() + " " + r.path("names").asInt() + " " + r.path("unique").asInt()));
        assertEquals(List.of("virustotal 3 2", "axfr 1 1", "crtsh 1 0"), rows, "shodan's name was last seen 40 days ago");
        assertEquals(30, a.json().path("days").asInt(), a.raw());
        db.update("INSERT INTO asmm8_scan_run (id, domainid, domain, scantype, status, owner, startedat) "
                + "VALUES ('00000000-0000-0000-0000-0000000000aa', ?::uuid, 'worth.example.com', 'passive', 'completed', 'x', "
                + "now() - interval '50 days')", id);
        Answer scan = get("/stats/sources?scan=00000000-0000-0000-0000-0000000000aa");
        assertEquals(200, scan.code(), scan.raw());
        assertEquals(4, scan.data().size(), "every name seen since the scan began: " + scan.raw());
        assertEquals(404, get("/stats/sources?scan=00000000-0000-0000-0000-0000000000bb").code());
        assertEquals(400, get("/stats/sources?scan=nope").code());
        assertEquals(404, get("/stats/sources?domain=nowhere.example.com").code());
    }

    @Test
    void foundPerDayCountsNamesFirstFoundPerUtcDayAndDomain() throws Exception {
        String id = createDomain("daily.example.com");
        db.update("INSERT INTO cptm8hostname (name, domainid, foundfirsttime) VALUES "
                + "('a.daily.example.com', ?::uuid, now()), ('b.daily.example.com', ?::uuid, now()), "
                + "('c.daily.example.com', ?::uuid, date_trunc('day', now()) - interval '1 day' + interval '1 hour'), "
                + "('d.daily.example.com', ?::uuid, now() - interval '400 days')", id, id, id, id);
        Answer a = get("/stats/found?days=7");
        assertEquals(200, a.code(), a.raw());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        int todayN = 0;
        int yesterdayN = 0;
        int total = 0;
        for (JsonNode r : a.data()) {
            if (!r.path("domain").asText().equals("daily.example.com")) {
                continue;
            }
            total += r.path("found").asInt();
            if (r.path("day").asText().equals(today)) {
                todayN = r.path("found").asInt();
            }
            if (r.path("day").asText().equals(yesterday)) {
                yesterdayN = r.path("found").asInt();
            }
        }
        // the DB clock's today may differ from ours by a second around midnight: check the sum too
        assertEquals(3, total, a.raw());
        assertTrue(todayN == 2 && yesterdayN == 1 || todayN + yesterdayN == 3, a.raw());
        assertEquals(400, get("/stats/found?days=0").code());
        assertEquals(400, get("/stats/found?days=367").code());
    }

    @Test
    void hostnamesFilterBySourceWildcardAndSubstring() throws Exception {
        String id = createDomain("filters.example.com");
        db.update("INSERT INTO cptm8hostname (name, domainid, sources) VALUES "
                + "('api.filters.example.com', ?::uuid, ARRAY['crtsh']), "
                + "('api-v2.filters.example.com', ?::uuid, ARRAY['asmm8-dns']), "
                + "('x.wild.filters.example.com', ?::uuid, ARRAY['crtsh','wildcard']), "
                + "('www.filters.example.com', ?::uuid, ARRAY['asmm8-dns','crtsh'])", id, id, id, id);
        String base = "/domain/" + id + "/hostname?";
        assertEquals(List.of("api.filters.example.com", "www.filters.example.com", "x.wild.filters.example.com"),
                names(get(base + "source=crtsh")));
        assertEquals(List.of("x.wild.filters.example.com"), names(get(base + "wildcard=true")));
        assertEquals(3, get(base + "wildcard=false").data().size());
        assertEquals(List.of("api.filters.example.com"), names(get(base + "q=api&source=crtsh")));
        assertEquals(List.of("api-v2.filters.example.com", "api.filters.example.com"), names(get(base + "q=api")));
        assertEquals(List.of("api-v2.filters.example.com"), names(get(base + "q=i-v")), "a substring in the middle");
        assertEquals(400, get(base + "source=Bad%20Source").code());
        assertEquals(400, get(base + "wildcard=maybe").code());
        assertEquals(400, get(base + "q=a%25").code(), "no LIKE wildcard gets through");
    }

    @Test
    void aRunningScanShowsItsToolsProgress() throws Exception {
        createDomain("progress.example.com");
        Answer started = get("/scan/passive?domains=progress.example.com");
        assertEquals(202, started.code(), started.raw());
        String scanId = started.data().path("scans").get(0).path("id").asText();
        JsonNode progress = null;
        for (int i = 0; i < 100 && (progress == null || progress.isNull() || progress.isMissingNode()); i++) {
            progress = get("/scan/" + scanId).data().path("progress");
            Thread.sleep(50);
        }
        assertNotNull(progress);
        assertEquals("fake", progress.path("tool").asText(), progress.toString());
        assertEquals("passive", progress.path("phase").asText());
        assertTrue(progress.has("found") && progress.has("done") && progress.has("total"), progress.toString());
        assertEquals(202, delete("/scan/" + scanId).code());
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode d : list) {
            if (d.path("name").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    private static List<String> names(Answer a) {
        assertEquals(200, a.code(), a.raw());
        List<String> l = new ArrayList<>();
        a.data().forEach(h -> l.add(h.path("name").asText()));
        return l;
    }
}
