package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanType;
import com.asmm8.support.ProviderStandIns;
import com.asmm8.support.RoutesTestSupport;
import com.asmm8.support.SourceServer.Answer;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The passive sources beyond crt.sh, HackerTarget and Wayback, as shipped in config/tools.yaml,
 * each against a stand-in serving its recorded format (pages included) and its failure modes (401,
 * 429 with a reset, an HTML error page, a cut body, an empty answer). The keyed ones read a
 * subfinder provider-config.yaml as it is, with two VirusTotal keys of which the first is refused;
 * no key value reaches the scan record.
 */
class KeyedSourcesTest extends RoutesTestSupport {

    static final List<String> SOURCES = List.of("anubis", "leakix", "rapiddns", "hudsonrock", "thc", "sitedossier", "digitorus",
            "threatcrowd", "commoncrawl", "virustotal", "securitytrails", "chaos", "shodan", "censys", "certspotter", "alienvault",
            "bevigil", "github", "urlscan");
    static final List<String> KEYS = List.of("vt-refused-key-AAAA", "vt-good-key-BBBB", "st-key-CCCC", "chaos-key-DDDD", "shodan-key-EEEE",
            "censys-pat-FFFF", "org-1", "cs-key-GGGG", "otx-key-HHHH", "bv-key-IIII", "ghp_key_JJJJ", "us-key-KKKK", "lx-key-LLLL");

    private static ProviderStandIns standIns;

    @BeforeAll
    static void standIns() throws Exception {
        standIns = new ProviderStandIns();
        String shipped = Files.readString(java.nio.file.Path.of("config/tools.yaml"));
        StringBuilder tools = new StringBuilder("tools:\n");
        for (String s : SOURCES) {
            tools.append(shipped.lines().dropWhile(l -> !l.startsWith("  - name: " + s + " ")).takeWhile(l -> !l.isBlank())
                    .reduce("", (a, b) -> a + b + "\n"));
        }
        Files.writeString(dir.resolve("keyed.yaml"), tools);
        Files.writeString(dir.resolve("provider-config.yaml"), """
                virustotal:
                  - vt-refused-key-AAAA
                  - vt-good-key-BBBB
                securitytrails: [st-key-CCCC]
                chaos: [chaos-key-DDDD]
                shodan: [shodan-key-EEEE]
                censys:
                  - censys-pat-FFFF:org-1
                certspotter: [cs-key-GGGG]
                alienvault: [otx-key-HHHH]
                bevigil: [bv-key-IIII]
                github: [ghp_key_JJJJ]
                urlscan: [us-key-KKKK]
                leakix: [lx-key-LLLL]
                """);
    }

    @AfterAll
    static void stop() {
        standIns.close();
    }

    @Override
    protected String toolsFile() {
        return dir.resolve("keyed.yaml").toString();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        SOURCES.forEach(s -> p.put("asmm8.source." + s + ".url", standIns.url(s)));
        p.put("asmm8.source.provider-config", dir.resolve("provider-config.yaml").toString());
        p.put("asmm8.source.attempts", "3");
        p.put("asmm8.source.backoff", "50");
        p.put("asmm8.source.host-interval", "1");
        return p;
    }

    private JsonNode passive(String domain) throws Exception {
        // every log line of the scan, to show no key value is in any
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        root.addAppender(lines);
        Exchange done;
        try {
            done = template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(new ScanRequest(domain, ScanType.PASSIVE)))
                    .get(120, TimeUnit.SECONDS);
        } finally {
            root.detachAppender(lines);
        }
        assertTrue(done.getException() == null);
        assertTrue(lines.list.size() > 10, "the scan's log lines were seen");
        for (ch.qos.logback.classic.spi.ILoggingEvent e : lines.list) {
            String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            for (String k : KEYS) {
                assertFalse(text.contains(k), "key " + k + " in the log line: " + text);
            }
        }
        return Json.MAPPER.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ? ORDER BY startedat DESC LIMIT 1",
                domain)).at("/passive/tools");
    }

    private static Answer json(String body) {
        return Answer.ok(body);
    }

    private static String html(String body) {
        return "<!DOCTYPE html><html><head><title>results</title></head><body>" + body + "</body></html>";
    }

    @Test
    void everySourceIsReadInItsFormatPageByPageAndAKeyRefusedGivesWayToTheNext() throws Exception {
        standIns.forget();
        String d = "corp.test";
        int year = Year.now().getValue();
        standIns.script("anubis", json("[\"www.corp.test\",\"anubis-only.corp.test\"]"));
        standIns.script("leakix", json("[{\"subdomain\":\"www.corp.test\",\"distinct_ips\":1,\"last_seen\":\"2025-01-01T00:00:00Z\"},"
                + "{\"subdomain\":\"leakix-only.corp.test\",\"distinct_ips\":2,\"last_seen\":\"2025-02-01T00:00:00Z\"}]"));
        standIns.script("rapiddns", json(html("<table><tr><td>www.corp.test</td></tr><tr><td>rapiddns-only.corp.test</td></tr></table>"
                + "<a class=\"page-link\" href=\"/subdomain/corp.test?page=1\">1</a><a class=\"page-link\" href=\"/subdomain/corp.test?page=2\">2</a>")),
                json(html("<table><tr><td>rapiddns-p2.corp.test</td></tr></table>")));
        standIns.script("hudsonrock",
                json("{\"data\":{\"employees_urls\":[{\"url\":\"https://hudsonrock-only.corp.test/login\",\"occurrence\":3}],"
                        + "\"clients_urls\":[{\"url\":\"https://www.corp.test/\",\"occurrence\":1}]}}"));
        standIns.script("thc",
                json("{\"domains\":[{\"domain\":\"www.corp.test\"},{\"domain\":\"thc-only.corp.test\"}],\"next_page_state\":\"abc\"}"),
                json("{\"domains\":[{\"domain\":\"thc-p2.corp.test\"}],\"next_page_state\":\"\"}"));
        standIns.script("sitedossier", json(html("<ol><li><a href=\"/site/www.corp.test\">http://www.corp.test/</a></li>"
                + "<li><a href=\"/site/sitedossier-only.corp.test\">http://sitedossier-only.corp.test/</a></li></ol>"
                + "<a href=\"/parentdomain/corp.test/101\"><b>Show next 100 items for corp.test</b></a>")),
                json(html("<ol><li><a href=\"/site/sitedossier-p2.corp.test\">http://sitedossier-p2.corp.test/</a></li></ol>")));
        standIns.script("digitorus",
                json(html("<table><tr><td><a href=\"/.digitorus-only.corp.test\">.digitorus-only.corp.test</a></td></tr></table>")));
        standIns.script("threatcrowd", json("{\"response_code\":\"1\",\"subdomains\":[\"www.corp.test\",\"threatcrowd-only.corp.test\"],"
                + "\"undercount\":\"0\"}"));
        standIns.script("commoncrawl", json("[{\"id\":\"CC-MAIN-" + year + "-05\",\"name\":\"January " + year + " Index\",\"cdx-api\":\""
                + standIns.url("commoncrawl") + "CC-MAIN-" + year + "-05-index\"},{\"id\":\"CC-MAIN-2001-01\",\"cdx-api\":\"http://x/\"}]"),
                json("test,corp,commoncrawl-only)/ 20250101000000 {\"url\": \"https://commoncrawl-only.corp.test/a%2Fb\", \"status\": \"200\"}\n"));
        standIns.script("virustotal", Answer.status(401, "{\"error\":{\"code\":\"WrongCredentialsError\"}}", Map.of()),
                json("{\"data\":[{\"id\":\"www.corp.test\",\"type\":\"domain\"},{\"id\":\"virustotal-only.corp.test\",\"type\":\"domain\"}],"
                        + "\"meta\":{\"count\":3,\"cursor\":\"Q1\"},\"links\":{\"self\":\"x\"}}"),
                json("{\"data\":[{\"id\":\"virustotal-p2.corp.test\",\"type\":\"domain\"}],\"meta\":{\"count\":3}}"));
        standIns.script("securitytrails",
                json("{\"subdomains\":[\"www\",\"securitytrails-only\"],\"subdomain_count\":2,\"meta\":{\"limit_reached\":false}}"));
        standIns.script("chaos", json("{\"domain\":\"corp.test\",\"subdomains\":[\"www\",\"chaos-only\"],\"count\":2}"));
        standIns.script("shodan", json("{\"domain\":\"corp.test\",\"tags\":[],\"subdomains\":[\"www\",\"shodan-only\"],\"more\":true}"),
                json("{\"domain\":\"corp.test\",\"subdomains\":[\"shodan-p2\"],\"more\":false}"));
        standIns.script("censys",
                json("{\"result\":{\"hits\":[{\"certificate_v1\":{\"resource\":{\"names\":[\"*.corp.test\",\"censys-only.corp.test\"]}}}],"
                        + "\"total_hits\":2,\"next_page_token\":\"t2\"}}"),
                json("{\"result\":{\"hits\":[{\"certificate_v1\":{\"resource\":{\"names\":[\"censys-p2.corp.test\"]}}}],\"next_page_token\":\"\"}}"));
        standIns.script("certspotter",
                json("[{\"id\":\"100\",\"tbs_sha256\":\"ab\",\"dns_names\":[\"corp.test\",\"certspotter-only.corp.test\"]}]"),
                json("[]"));
        standIns.script("alienvault", json("{\"passive_dns\":[{\"hostname\":\"www.corp.test\",\"address\":\"192.0.2.1\"},"
                + "{\"hostname\":\"alienvault-only.corp.test\",\"address\":\"192.0.2.2\"}],\"count\":2}"));
        standIns.script("bevigil", json("{\"domain\":\"corp.test\",\"subdomains\":[\"bevigil-only.corp.test\"]}"));
        standIns.script("github", json("{\"total_count\":1,\"incomplete_results\":false,\"items\":[{\"name\":\"config.yml\","
                + "\"html_url\":\"https://github.com/o/r/blob/abc/config.yml\",\"text_matches\":[{\"fragment\":\"api: https://github-only.corp.test/v1\\nx\"}]}]}"),
                json("{\"total_count\":1,\"items\":[]}"));
        standIns.script("urlscan",
                json("{\"results\":[{\"task\":{\"domain\":\"www.corp.test\"},\"page\":{\"domain\":\"urlscan-only.corp.test\"},"
                        + "\"sort\":[1700000000000,\"abc-123\"]}],\"total\":2,\"has_more\":true}"),
                json("{\"results\":[{\"page\":{\"domain\":\"urlscan-p2.corp.test\"},\"sort\":[1600000000000,\"def-456\"]}],\"has_more\":false}"));

        JsonNode tools = passive(d);
        for (String s : SOURCES) {
            assertEquals("OK", tools.at("/" + s + "/status").asText(), s + ": " + tools.at("/" + s));
        }
        TreeSet<String> expected = new TreeSet<>(List.of("www.corp.test", "corp.test"));
        SOURCES.forEach(s -> expected.add(s + "-only.corp.test"));
        for (String paged : List.of("rapiddns", "thc", "sitedossier", "virustotal", "shodan", "censys", "urlscan")) {
            expected.add(paged + "-p2.corp.test");
        }
        assertEquals(new ArrayList<>(expected), names(d));
        // each name only one source found is credited to it alone
        for (String s : SOURCES) {
            assertEquals(s, db.single("SELECT array_to_string(sources, ' ') FROM cptm8hostname WHERE name = ?", s + "-only.corp.test"));
        }

        // the keys as each source takes them, the pages as each asks for them
        List<ProviderStandIns.Asked> vt = standIns.asked("virustotal");
        assertEquals(List.of("vt-refused-key-AAAA", "vt-good-key-BBBB", "vt-good-key-BBBB"),
                vt.stream().map(a -> a.header("x-apikey")).toList());
        assertTrue(vt.get(2).pathAndQuery().endsWith("subdomains?limit=40&cursor=Q1"), vt.get(2).pathAndQuery());
        assertTrue(tools.at("/virustotal/message").asText().contains("key 1 of 2 refused (HTTP 401)"), tools.at("/virustotal").toString());
        List<ProviderStandIns.Asked> censys = standIns.asked("censys");
        assertEquals("POST", censys.get(0).method());
        assertEquals("Bearer censys-pat-FFFF", censys.get(0).header("Authorization"));
        assertEquals("org-1", censys.get(0).header("X-Organization-ID"));
        assertTrue(censys.get(1).body().contains("\"cursor\":\"t2\""), censys.get(1).body());
        assertTrue(standIns.asked("shodan").get(1).pathAndQuery().contains("key=shodan-key-EEEE&page=2"));
        assertTrue(standIns.asked("thc").get(1).body().contains("\"page_state\":\"abc\""));
        assertTrue(standIns.asked("certspotter").get(1).pathAndQuery().endsWith("&after=100"));
        assertEquals("Bearer cs-key-GGGG", standIns.asked("certspotter").get(0).header("Authorization"));
        assertEquals("token ghp_key_JJJJ", standIns.asked("github").get(0).header("Authorization"));
        assertTrue(standIns.asked("urlscan").get(1).pathAndQuery().endsWith("&search_after=1700000000000%2Cabc-123"),
                standIns.asked("urlscan").get(1).pathAndQuery());
        assertEquals("st-key-CCCC", standIns.asked("securitytrails").get(0).header("APIKEY"));
        assertEquals("chaos-key-DDDD", standIns.asked("chaos").get(0).header("Authorization"));
        assertEquals("Bearer otx-key-HHHH", standIns.asked("alienvault").get(0).header("Authorization"));
        assertEquals("bv-key-IIII", standIns.asked("bevigil").get(0).header("X-Access-Token"));
        assertEquals("us-key-KKKK", standIns.asked("urlscan").get(0).header("API-Key"));
        assertEquals("lx-key-LLLL", standIns.asked("leakix").get(0).header("api-key"));
        assertEquals(2, standIns.asked("commoncrawl").size(), "collinfo, then this year's index (the 2001 crawl is too old)");
        assertNoKeyIn(d);
    }

    /** No key value anywhere in the scan's record. */
    private static void assertNoKeyIn(String domain) throws Exception {
        String record = db.single("SELECT phases::text || coalesce(error, '') FROM asmm8_scan_run WHERE domain = ? ORDER BY startedat DESC "
                + "LIMIT 1", domain);
        for (String k : KEYS) {
            assertFalse(record.contains(k), "key " + k + " in the scan record");
        }
    }

    @Test
    void eachFailureModeFailsEverySourceWithItsReasonOrIsRetriedAndKeptWhenItResets() throws Exception {
        Map<String, Answer> modes = Map.of(
                "unauthorized.test", Answer.status(401, "{\"error\":\"unauthorized\"}", Map.of()),
                "htmlerror.test",
                Answer.ok("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>checking</body></html>"),
                "cut.test", Answer.ok("{\"data\":[{\"id\":\"a.cut.test\"},{\"id\""),
                "empty.test", Answer.ok(""));
        for (Map.Entry<String, Answer> mode : modes.entrySet()) {
            SOURCES.forEach(s -> standIns.script(s, mode.getValue()));
            if (mode.getKey().equals("unauthorized.test")) {
                // a service that echoes the key it was given in its error: the key's place is kept, not its value
                standIns.script("securitytrails", Answer.status(400, "{\"message\":\"invalid request for key st-key-CCCC\"}", Map.of()));
            }
            JsonNode tools = passive(mode.getKey());
            for (String s : SOURCES) {
                assertEquals("FAILED", tools.at("/" + s + "/status").asText(), mode.getKey() + " " + s + ": " + tools.at("/" + s));
            }
            String why = switch (mode.getKey()) {
                case "unauthorized.test" -> "HTTP 401";
                case "htmlerror.test" -> "Just a moment...";
                case "cut.test" -> "cut short";
                default -> "";
            };
            if (mode.getKey().equals("unauthorized.test")) {
                assertEquals("HTTP 400: {\"message\":\"invalid request for key <key 1 of 1>\"}",
                        tools.at("/securitytrails/message").asText());
            }
            for (String s : SOURCES) {
                if (mode.getKey().equals("unauthorized.test") && s.equals("securitytrails")) {
                    continue;
                }
                assertTrue(tools.at("/" + s + "/message").asText().toLowerCase().contains(why.toLowerCase()),
                        mode.getKey() + " " + s + ": " + tools.at("/" + s));
            }
            if (mode.getKey().equals("unauthorized.test")) {
                String vt = tools.at("/virustotal/message").asText();
                assertTrue(vt.startsWith("every key was set aside: ") && vt.contains("key 1 of 2 refused (HTTP 401)")
                        && vt.contains("key 2 of 2 refused (HTTP 401)"), vt);
            }
            assertNoKeyIn(mode.getKey());
        }
        // a 429 that resets in a second is waited out, the answer kept
        SOURCES.forEach(s -> standIns.script(s, Answer.status(429, "slow down", Map.of("Retry-After", "1")),
                Answer.ok(s.equals("rapiddns") || s.equals("sitedossier") || s.equals("digitorus")
                        ? html("<td>" + s + "-late.reset.test</td>")
                        : "[\"" + s + "-late.reset.test\"]")));
        JsonNode tools = passive("reset.test");
        for (String s : List.of("anubis", "rapiddns", "sitedossier", "digitorus")) {
            assertEquals("OK", tools.at("/" + s + "/status").asText(), s + ": " + tools.at("/" + s));
            assertTrue(names("reset.test").contains(s + "-late.reset.test"), s + " " + names("reset.test"));
        }
    }
}
