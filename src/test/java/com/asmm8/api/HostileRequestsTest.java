package com.asmm8.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed requests: each gets the documented 4xx with a JSON error, changes no row
 * and starts no tool.
 */
class HostileRequestsTest extends ApiTestSupport {

    private static String domainId;
    private static String hostnameId;
    private static final String J = "application/json";
    private static final String T = TOKEN;

    @BeforeAll
    static void seed() throws Exception {
        domainId = post("/domain", "{\"name\":\"hostile.example.com\",\"companyname\":\"Acme\"}").data().path("id").asText();
        hostnameId = post("/domain/" + domainId + "/hostname", "{\"name\":\"www.hostile.example.com\"}").data().path("id").asText();
    }

    private static Arguments c(String method, String path, String body, String type, String token, int code, String msg) {
        return Arguments.of(method, path, body, type, token, code, msg);
    }

    static Stream<Arguments> requests() {
        String big = "{\"name\":\"" + "a".repeat(70_000) + ".com\"}";
        String label300 = "a".repeat(300);
        String d = "/domain/DID";
        String h = "/domain/DID/hostname";
        return Stream.of(
                // --- authentication
                c("GET", "/domain", null, null, null, 401, "authentication required"),
                c("GET", "/domain", null, null, "wrong-token", 403, "forbidden"),
                c("GET", "/domain", null, null, "RAW:Basic dXNlcjpwYXNz", 401, "authentication required"),
                c("GET", "/domain", null, null, "RAW:Bearer", 401, "authentication required"),
                c("GET", "/domain", null, null, "RAW:Bearer " + TOKEN + "x", 403, "forbidden"),
                c("GET", "/domain", null, null, "RAW:Token " + TOKEN, 401, "authentication required"),
                c("POST", "/domain", "{\"name\":\"noauth.example.com\"}", J, null, 401, "authentication required"),
                c("DELETE", d, null, null, null, 401, "authentication required"),
                c("GET", "/scan", null, null, null, 401, "authentication required"),
                c("GET", "/scan/active?domains=hostile.example.com", null, null, "nope", 403, "forbidden"),
                c("DELETE", "/scan/00000000-0000-0000-0000-000000000000", null, null, null, 401, "authentication required"),
                // --- domain names: injection, shell, length, shape
                c("POST", "/domain", "{\"name\":\"example.com'; DROP TABLE cptm8domain;--\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"x' OR '1'='1.com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"$(id).example.com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"`reboot`.example.com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"a;rm -rf /.example.com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"a|nc evil 1.example.com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"a&&b.example.com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"-oProxyCommand=x.example.com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"" + label300 + ".com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"localhost\"}", J, T, 400, "two labels"),
                c("POST", "/domain", "{\"name\":\"com\"}", J, T, 400, "two labels"),
                c("POST", "/domain", "{\"name\":\"\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"*.example.com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"a..example.com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"../../etc/passwd\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"example.com\\u0000.evil\"}", J, T, 400, "control characters"),
                c("POST", "/domain", "{\"name\":\"http://example.com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"example.com:8080\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"exa mple.com\"}", J, T, 400, "field 'name'"),
                c("POST", "/domain", "{\"name\":\"<script>alert(1)</script>.com\"}", J, T, 400, "field 'name'"),
                // --- JSON shape and types
                c("POST", "/domain", "{\"name\":\"ok1.example.com\",\"admin\":true}", J, T, 400, "unknown field 'admin'"),
                c("POST", "/domain", "{\"name\":\"ok1.example.com\",\"id\":\"00000000-0000-0000-0000-000000000001\"}", J, T, 400,
                        "unknown field 'id'"),
                c("POST", "/domain", "{\"name\":42}", J, T, 400, "field 'name' must be a string"),
                c("POST", "/domain", "{\"name\":[\"a.com\"]}", J, T, 400, "field 'name' must be a string"),
                c("POST", "/domain", "{\"name\":{\"$ne\":1}}", J, T, 400, "field 'name' must be a string"),
                c("POST", "/domain", "{\"name\":\"ok2.example.com\",\"enabled\":\"yes\"}", J, T, 400,
                        "field 'enabled' must be true or false"),
                c("POST", "/domain", "{\"name\":\"ok2.example.com\",\"enabled\":1}", J, T, 400, "field 'enabled' must be true or false"),
                c("POST", "/domain", "{\"name\":\"ok2.example.com\",\"companyname\":7}", J, T, 400, "field 'companyname' must be a string"),
                c("POST", "/domain", "{\"name\":\"ok2.example.com\",\"companyname\":\"" + "x".repeat(300) + "\"}", J, T, 400,
                        "companyname"),
                c("POST", "/domain", "{\"name\":\"ok2.example.com\",\"companyname\":\"a\\u001b[31mred\"}", J, T, 400, "control characters"),
                c("POST", "/domain", "{\"companyname\":\"Acme\"}", J, T, 400, "field 'name' is required"),
                c("POST", "/domain", "{\"name\":null}", J, T, 400, "field 'name' is required"),
                c("POST", "/domain", "{\"name\":\"ok3.example.com\"", J, T, 400, "malformed JSON"),
                c("POST", "/domain", "{name:'ok3.example.com'}", J, T, 400, "malformed JSON"),
                c("POST", "/domain", "[\"ok3.example.com\"]", J, T, 400, "must be a JSON object"),
                c("POST", "/domain", "\"ok3.example.com\"", J, T, 400, "must be a JSON object"),
                c("POST", "/domain", "{\"name\":\"a.example.com\",\"name\":\"b.example.com\"}", J, T, 400, "malformed JSON"),
                c("POST", "/domain", "{\"name\":\"ok3.example.com\"} {\"x\":1}", J, T, 400, "malformed JSON"),
                c("POST", "/domain", "", J, T, 400, "body is required"),
                c("POST", "/domain", "   ", J, T, 400, "JSON object"),
                c("POST", "/domain", big, J, T, 413, "larger than"),
                // --- content types
                c("POST", "/domain", "{\"name\":\"ct.example.com\"}", "text/plain", T, 415, "Content-Type"),
                c("POST", "/domain", "name=ct.example.com", "application/x-www-form-urlencoded", T, 415, "Content-Type"),
                c("POST", "/domain", "<domain>x.com</domain>", "application/xml", T, 415, "Content-Type"),
                c("POST", "/domain", "{\"name\":\"ct.example.com\"}", null, T, 415, "Content-Type"),
                c("PUT", d, "{\"name\":\"hostile.example.com\"}", "text/html", T, 415, "Content-Type"),
                // --- ids and paths
                c("GET", "/domain/not-a-uuid", null, null, T, 400, "id must be a UUID"),
                c("GET", "/domain/..%2F..%2Fetc%2Fpasswd", null, null, T, 400, "id must be a UUID"),
                c("GET", "/domain/1%27%20OR%20%271%27%3D%271", null, null, T, 400, "id must be a UUID"),
                c("DELETE", "/domain/%24(id)", null, null, T, 400, "id must be a UUID"),
                c("PUT", "/domain/00000000-0000-0000-0000-00000000000g", "{\"name\":\"x.example.com\"}", J, T, 400, "id must be a UUID"),
                c("GET", "/domain/%7B00000000-0000-0000-0000-000000000000%7D", null, null, T, 400, "id must be a UUID"),
                c("GET", h + "/not-a-uuid", null, null, T, 400, "hostnameid must be a UUID"),
                c("DELETE", h + "/..%2F..%2F", null, null, T, 400, "hostnameid must be a UUID"),
                c("GET", "/scan/%3Bls", null, null, T, 400, "id must be a UUID"),
                c("DELETE", "/scan/not-a-uuid", null, null, T, 400, "id must be a UUID"),
                c("GET", "/domain/00000000-0000-0000-0000-000000000000", null, null, T, 404, "no domain"),
                // --- hostnames
                c("POST", h, "{\"name\":\"www.evil.com\"}", J, T, 400, "is not inside"),
                c("POST", h, "{\"name\":\"hostile.example.com.evil.net\"}", J, T, 400, "is not inside"),
                c("POST", h, "{\"name\":\"nothostile.example.com\"}", J, T, 400, "is not inside"),
                c("POST", h, "{\"name\":\"$(touch /tmp/x).hostile.example.com\"}", J, T, 400, "not a valid hostname"),
                c("POST", h, "{\"name\":\"*.hostile.example.com\"}", J, T, 400, "not a valid hostname"),
                c("POST", h, "{\"name\":\"www.hostile.example.com\"}", J, T, 409, "exists already"),
                c("POST", h, "{\"name\":\"a.hostile.example.com\",\"live\":\"true\"}", J, T, 400, "field 'live' must be true or false"),
                c("POST", h, "{\"name\":\"a.hostile.example.com\",\"domainid\":\"x\"}", J, T, 400, "unknown field 'domainid'"),
                c("PUT", h + "/HID", "{\"name\":\"x.other.org\"}", J, T, 400, "is not inside"),
                // --- query parameters
                c("GET", h + "?limit=100000", null, null, T, 400, "limit must be"),
                c("GET", h + "?limit=-1", null, null, T, 400, "limit must be"),
                c("GET", h + "?limit=1e3", null, null, T, 400, "limit must be"),
                c("GET", h + "?offset=abc", null, null, T, 400, "offset must be"),
                c("GET", h + "?live=yes", null, null, T, 400, "live must be true or false"),
                c("GET", h + "?sort=name;DROP%20TABLE%20x", null, null, T, 400, "sort must be"),
                c("GET", h + "?q=%27%20OR%201%3D1--", null, null, T, 400, "q must be"),
                c("GET", h + "?since=yesterday", null, null, T, 400, "since must be"),
                c("GET", h + "?evil=1", null, null, T, 400, "unknown query parameter"),
                c("GET", h + "?limit=1&limit=2", null, null, T, 400, "given twice"),
                c("GET", "/scan?domains=a.com%3Brm%20-rf", null, null, T, 400, "domains:"),
                c("GET", "/scan/active?domains=$(id).example.com", null, null, T, 400, "domains:"),
                c("GET", "/scan/check?domains=" + label300 + ".com", null, null, T, 400, "domains:"),
                c("GET", "/scan/passive?domains=", null, null, T, 400, "domains:"),
                c("GET", "/scan/passive?domains=notindb.example.com", null, null, T, 404, "not in the inventory"),
                c("GET", "/scans?status=DROP", null, null, T, 400, "status must be"),
                c("GET", "/scans?domain=%00", null, null, T, 400, "domain:"),
                c("GET", "/scans?limit=0", null, null, T, 400, "limit must be"));
    }

    private static String snapshot() throws Exception {
        return db.single("SELECT md5(coalesce((SELECT string_agg(d::text, ',' ORDER BY d.id) FROM cptm8domain d), '') "
                + "|| coalesce((SELECT string_agg(h::text, ',' ORDER BY h.id) FROM cptm8hostname h), '') "
                + "|| (SELECT count(*) FROM asmm8_scan_run)::text)");
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {5}")
    @MethodSource("requests")
    void refusedWithAJsonErrorAndNoEffect(String method, String path, String body, String type, String token,
            int code, String msg) throws Exception {
        String before = snapshot();
        List<String> stagingBefore = staging();
        Answer a = call(method, path.replace("DID", domainId).replace("HID", hostnameId), body, type, token);
        assertEquals(code, a.code(), a.raw());
        assertNotNull(a.json(), "JSON body: " + a.raw());
        assertEquals("error", a.json().path("status").asText(), a.raw());
        assertTrue(a.msg().contains(msg), "message '" + a.msg() + "' should contain '" + msg + "'");
        assertEquals(before, snapshot(), "no row changed");
        assertEquals(stagingBefore, staging(), "no scan (and so no tool) started");
    }

    private static List<String> staging() throws Exception {
        if (!Files.isDirectory(dir.resolve("staging"))) {
            return List.of();
        }
        try (var s = Files.list(dir.resolve("staging"))) {
            return new ArrayList<>(s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @org.junit.jupiter.api.Test
    void theTableIsLargeEnough() {
        assertTrue(requests().count() >= 60);
    }
}
