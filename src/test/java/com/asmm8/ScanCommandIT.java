package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.DnsZone;
import com.asmm8.support.Jar;
import com.asmm8.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as a user runs it: the packaged jar's {@code scan} command against a real
 * PostgreSQL and a real DNS server (dnsmasq on 127.0.0.1) with the real tools of this machine
 * (the built-in DNS engine for brute force, resolution and check-live, the shipped asmm8-permute; no DNS binary).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScanCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZONE = "asmm8.test";
    private static TestDatabase db;
    private static DnsZone dns;
    private static Map<String, String> records;
    @TempDir
    static Path staging;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
        records = new LinkedHashMap<>();
        // in the shipped wordlist: found by brute force
        records.put("www." + ZONE, "127.0.1.1");
        records.put("mail." + ZONE, "127.0.1.2");
        records.put("api." + ZONE, "127.0.1.3");
        records.put("dev." + ZONE, "127.0.1.4");
        records.put("vpn." + ZONE, "127.0.1.5");
        // not in the wordlist, but permutations of names found: found by permute + resolve
        records.put("vpn-internal." + ZONE, "127.0.1.6");
        records.put("edge.api." + ZONE, "127.0.1.7");
        // only the newer patterns make these: a dot join after the first label, a number added
        records.put("www.internal." + ZONE, "127.0.1.10");
        records.put("vpn-2." + ZONE, "127.0.1.11");
        // neither: no tool can find it
        records.put("legacyportal9." + ZONE, "127.0.1.8");
        dns = new DnsZone(ZONE, records);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dns != null) {
            dns.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_DB_URL", db.url());
        env.put("ASMM8_DB_USER", TestDatabase.USER);
        env.put("ASMM8_RESOLVERS", dns.resolver());
        env.put("ASMM8_STAGING_DIR", staging.toString());
        env.put("ASMM8_THREADS", "20");
        return env;
    }

    private static List<String> stagingLeft() throws Exception {
        try (Stream<Path> s = Files.list(staging)) {
            return s.map(Path::toString).toList();
        }
    }

    @Test
    @Order(1)
    void activeScanStoresExactlyTheNamesThatResolve() throws Exception {
        Jar.Result r = Jar.run(env(), 180, "scan", ZONE, "--type", "active");
        assertEquals(0, r.exit(), r.stderr());
        // stderr is a pipe here, not a terminal: no progress line
        assertFalse(r.stderr().contains("\r"), r.stderr());
        assertFalse(r.stderr().contains("asmm8: bruteforce"), r.stderr());

        List<String> expected = List.of("api." + ZONE, "dev." + ZONE, "edge.api." + ZONE, "mail." + ZONE,
                "vpn-2." + ZONE, "vpn-internal." + ZONE, "vpn." + ZONE, "www." + ZONE, "www.internal." + ZONE);
        assertEquals(expected, r.lines(), "stdout lists the hostnames of the scan");

        assertEquals(List.of(
                List.of("api." + ZONE, "true", "true", "{asmm8-dns}"),
                List.of("dev." + ZONE, "true", "true", "{asmm8-dns}"),
                List.of("edge.api." + ZONE, "true", "true", "{asmm8-dns-resolve}"),
                List.of("mail." + ZONE, "true", "true", "{asmm8-dns}"),
                List.of("vpn-2." + ZONE, "true", "true", "{asmm8-dns-resolve}"),
                List.of("vpn-internal." + ZONE, "true", "true", "{asmm8-dns-resolve}"),
                List.of("vpn." + ZONE, "true", "true", "{asmm8-dns}"),
                List.of("www." + ZONE, "true", "true", "{asmm8-dns}"),
                List.of("www.internal." + ZONE, "true", "true", "{asmm8-dns-resolve}")),
                db.rows("SELECT h.name, h.live, h.enabled, h.sources FROM cptm8hostname h "
                        + "JOIN cptm8domain d ON d.id = h.domainid WHERE d.name = ? ORDER BY h.name", ZONE));
        assertEquals("0", db.single("SELECT count(*) FROM cptm8hostname WHERE foundfirsttime IS NULL OR lastseen IS NULL"));

        List<String> run = db.rows("SELECT status, scantype, newhostnames, hostnamesseen, livechanges, error, "
                + "endedat IS NOT NULL, phase FROM asmm8_scan_run").get(0);
        assertEquals(List.of("completed", "active", "9", "9", "0", "null", "true", "resolve"), run);
        JsonNode phases = JSON.readTree(db.single("SELECT phases::text FROM asmm8_scan_run"));
        assertEquals("OK", phases.at("/bruteforce/status").asText());
        assertEquals("OK", phases.at("/bruteforce/tools/asmm8-dns/status").asText(), phases.toString());
        assertEquals(5, phases.at("/bruteforce/tools/asmm8-dns/accepted").asInt());
        assertEquals(5, phases.at("/bruteforce/newHostnames").asInt());
        assertEquals("OK", phases.at("/permute/tools/asmm8-permute/status").asText());
        assertTrue(phases.at("/permute/tools/asmm8-permute/accepted").asInt() > 100, phases.toString());
        assertEquals(4, phases.at("/resolve/tools/asmm8-dns-resolve/accepted").asInt());
        assertEquals(4, phases.at("/resolve/newHostnames").asInt());
        assertEquals(List.of(), stagingLeft(), "staging folder removed");
    }

    @Test
    @Order(2)
    void secondScanAddsOnlyTheNewNameWithEnabledFromTheSettings() throws Exception {
        String firstSeen = db.single("SELECT foundfirsttime FROM cptm8hostname WHERE name = ?", "www." + ZONE);
        db.update("UPDATE cptm8generalscansettings SET settings = '{\"scannewlyfoundhostname\": false}'");
        records.put("shop." + ZONE, "127.0.1.9");
        dns.reload(records);

        Jar.Result r = Jar.run(env(), 180, "scan", ZONE, "--type", "active");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.lines().contains("shop." + ZONE));
        assertEquals(List.of("shop." + ZONE), db.column("SELECT name FROM cptm8hostname WHERE NOT enabled"));
        assertEquals("10", db.single("SELECT count(*) FROM cptm8hostname"));
        assertEquals(firstSeen, db.single("SELECT foundfirsttime FROM cptm8hostname WHERE name = ?", "www." + ZONE),
                "a known hostname keeps its first-found time");
        assertEquals(List.of("completed", "1", "10"), db.rows("SELECT status, newhostnames, hostnamesseen FROM asmm8_scan_run "
                + "ORDER BY startedat DESC LIMIT 1").get(0));
        db.update("UPDATE cptm8generalscansettings SET settings = '{\"scannewlyfoundhostname\": true}'");
    }

    @Test
    @Order(3)
    void checkMarksNamesThatStoppedResolvingAndBack() throws Exception {
        records.remove("vpn-internal." + ZONE);
        dns.reload(records);
        Jar.Result r = Jar.run(env(), 120, "scan", ZONE, "--type", "check");
        assertEquals(0, r.exit(), r.stderr());
        assertFalse(r.lines().contains("vpn-internal." + ZONE), "check prints the names that resolve");
        assertEquals(List.of("vpn-internal." + ZONE), db.column("SELECT name FROM cptm8hostname WHERE NOT live"));
        assertEquals(List.of("completed", "1"), db.rows("SELECT status, livechanges FROM asmm8_scan_run "
                + "WHERE scantype = 'check' ORDER BY startedat DESC LIMIT 1").get(0));

        records.put("vpn-internal." + ZONE, "127.0.1.6");
        dns.reload(records);
        r = Jar.run(env(), 120, "scan", ZONE, "--type", "check");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(List.of(), db.column("SELECT name FROM cptm8hostname WHERE NOT live"));
        assertEquals("1", db.single("SELECT livechanges FROM asmm8_scan_run WHERE scantype = 'check' "
                + "ORDER BY startedat DESC LIMIT 1"));
        assertEquals(List.of(), stagingLeft());
    }

    @Test
    @Order(5)
    void theDaemonRefusesToServeTheApiBeyondLoopbackWithoutAToken() throws Exception {
        Map<String, String> env = env();
        env.put("ASMM8_HTTP_HOST", "0.0.0.0");
        env.put("ASMM8_HTTP_PORT", "18099");
        env.put("ASMM8_SCHEDULE_ENABLED", "false");
        Jar.Result r = Jar.run(env, 60, "-d", "3"); // camel-main: run 3 s, then stop
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("Refusing to serve the HTTP API on 0.0.0.0 without ASMM8_API_TOKEN"), r.stderr());
        assertFalse(r.stderr().contains("api-health"), "no API route was started");
        assertTrue(r.stderr().contains("Started scan-queue"), "the rest of the daemon runs");
    }

    @Test
    @Order(4)
    void badArgumentsAreRefusedBeforeAnythingIsStored() throws Exception {
        for (String[] args : List.of(
                new String[]{"scan", "a;b.example.com"},
                new String[]{"scan", "$(id).example.com"},
                new String[]{"scan", "localhost"},
                new String[]{"scan", "example.com", "--type", "bogus"},
                new String[]{"scan"})) {
            Jar.Result r = Jar.run(env(), 60, args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.stderr());
            assertTrue(r.stderr().contains("usage:"), r.stderr());
        }
        assertEquals(List.of(ZONE), db.column("SELECT name FROM cptm8domain"));
        assertNotEquals(0, db.column("SELECT id FROM asmm8_scan_run").size());
    }

    @Test
    @Order(6)
    void argumentsAreCheckedBeforeAnythingStartsEvenWithTheDatabaseDown() throws Exception {
        Map<String, String> env = env();
        env.put("ASMM8_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere"); // nothing listens there
        for (String[] args : List.of(new String[]{"scan", "1.2.3.4"}, new String[]{"scan", "a;b.example.com"},
                new String[]{"scan", "example.com", "--type", "bogus"})) {
            Jar.Result r = Jar.run(env, 30, args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.stderr());
            assertTrue(r.stderr().startsWith("asmm8: "), "the problem first, no start-up log: " + r.stderr());
            assertFalse(r.stderr().contains("Apache Camel"), r.stderr());
        }
        // valid arguments: the database is not waited for, and its absence is said in one line
        Jar.Result r = Jar.run(env, 60, "scan", "example.com", "--type", "passive");
        assertEquals(1, r.exit(), r.stderr());
        assertEquals("asmm8: database at jdbc:postgresql://127.0.0.1:1/nowhere not reachable (Connection to 127.0.0.1:1 "
                + "refused)", r.stderr().strip());
    }

    @Test
    @Order(7)
    void aScanIsQuietByDefaultAndLogsWithV() throws Exception {
        Jar.Result quiet = Jar.run(env(), 120, "scan", ZONE, "--type", "check");
        assertEquals(0, quiet.exit(), quiet.stderr());
        assertFalse(quiet.stderr().contains("Apache Camel"), "no start-up lines: " + quiet.stderr());
        assertTrue(quiet.stderr().strip().endsWith("live changes") || quiet.stderr().contains("asmm8: scan "),
                "the summary: " + quiet.stderr());
        assertTrue(quiet.stderr().lines().count() <= 5, quiet.stderr());
        Jar.Result verbose = Jar.run(env(), 120, "scan", ZONE, "--type", "check", "-v");
        assertEquals(0, verbose.exit(), verbose.stderr());
        assertTrue(verbose.stderr().contains("Apache Camel"), "-v: the full log");
        assertEquals(quiet.lines(), verbose.lines(), "the same hostnames on stdout");
    }

    @Test
    @Order(8)
    void permutationsOverTheCapFailThePermutePhaseBeforeAnyIsResolvedAndKeepTheBruteForceNames() throws Exception {
        records.put("ftp." + ZONE, "127.0.1.12");
        dns.reload(records);
        Map<String, String> env = env();
        env.put("ASMM8_PERMUTATIONS_MAX", "500");
        Jar.Result r = Jar.run(env, 180, "scan", ZONE, "--type", "active");
        assertTrue(r.lines().contains("ftp." + ZONE), r.stdout());

        List<String> run = db.rows("SELECT status, error FROM asmm8_scan_run ORDER BY startedat DESC LIMIT 1").get(0);
        JsonNode phases = JSON.readTree(db.single("SELECT phases::text FROM asmm8_scan_run ORDER BY startedat DESC LIMIT 1"));
        // the permutation generator refused; the recursion (the same phase's other tool) still ran
        assertEquals("PARTIAL", phases.at("/permute/status").asText(), phases.toString());
        assertEquals("FAILED", phases.at("/permute/tools/asmm8-permute/status").asText(), phases.toString());
        String reason = phases.at("/permute/tools/asmm8-permute/message").asText();
        assertTrue(reason.matches(".*[0-9,]+ permutations estimated \\(11 known names, \\d+ words\\), over the cap of 500 "
                + "\\(ASMM8_PERMUTATIONS_MAX\\); nothing generated.*"), phases.toString());
        // no permutation was resolved: the resolve phase asked only the recursion's candidates
        assertEquals(phases.at("/permute/tools/asmm8-recurse/accepted").asLong(),
                phases.at("/resolve/tools/asmm8-dns-resolve/total").asLong(),
                phases.toString());
        assertEquals("OK", phases.at("/bruteforce/status").asText());
        assertEquals("true", db.single("SELECT live::text FROM cptm8hostname WHERE name = ?", "ftp." + ZONE),
                "the brute force's names are kept");
        assertFalse(run.get(0).equals("completed"), "a scan whose permutations were refused does not say completed: " + run);
        assertTrue(r.stderr().contains("over the cap of 500"), r.stderr());
        assertEquals(List.of(), stagingLeft(), "staging folder removed");
    }

    @Test
    @Order(9)
    void onATerminalTheScanDrawsItsProgressLineAndWipesItBeforeTheSummary(@TempDir Path dir) throws Exception {
        Path words = dir.resolve("words.txt");
        List<String> list = new java.util.ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            list.add(String.format("x%05d", i));
        }
        list.add("www");
        Files.write(words, list);
        Map<String, String> env = env();
        env.put("ASMM8_WORDLIST", words.toString());
        Jar.Result r = Jar.runOnTerminal(env, 180, "scan", ZONE, "--type", "active");
        assertEquals(0, r.exit(), r.stdout());
        String screen = r.stdout();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\rasmm8: bruteforce \\(asmm8-dns\\): (\\d+)/100001 words, (\\d+) found").matcher(screen);
        assertTrue(m.find(), "a progress line of the brute force: " + screen.replace("\r", "<CR>"));
        assertTrue(Integer.parseInt(m.group(1)) <= 100001, m.group());
        // the summary line comes after the wiped progress line, on a clean line
        int summary = screen.lastIndexOf("asmm8: scan ");
        assertTrue(summary > screen.lastIndexOf("words, "), screen.replace("\r", "<CR>"));
        assertTrue(screen.lines().anyMatch(l -> l.strip().equals("www." + ZONE)), "the names still on stdout");
    }
}
