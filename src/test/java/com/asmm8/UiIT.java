package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.Daemon;
import com.asmm8.support.DnsZone;
import com.asmm8.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page (/ui/) in a real browser: Debian's headless Chromium driven through its
 * chromedriver (packages chromium, chromium-driver), against the packaged daemon on a fresh
 * database and a local DNS zone (dnsmasq). An analyst's morning, step by step: sign in with the
 * token, add a domain, scan it and watch the progress reach completed, search, filter, download
 * the CSV (compared with the API's), read the changes and the chart; a wrong token is told
 * plainly; a hostile hostname stored in the database is shown as text. A screenshot of each page
 * is written to target/ui-screenshots/.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiIT {

    private static final String ZONE = "ui.test";
    private static final String TOKEN = "ui-test-token-0123456789";
    private static final String XSS = "<img src=x onerror=alert(1)>." + ZONE;
    private static final int WORDS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SHOTS = Path.of("target", "ui-screenshots");

    @TempDir
    static Path dir;
    private static TestDatabase db;
    private static DnsZone dns;
    private static Daemon daemon;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static Path downloads;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
        Map<String, String> records = new LinkedHashMap<>();
        records.put("www." + ZONE, "127.0.2.1");
        records.put("api." + ZONE, "127.0.2.2");
        records.put("mail." + ZONE, "127.0.2.3");
        records.put("vpn." + ZONE, "127.0.2.4");
        dns = new DnsZone(ZONE, records);
        // a wordlist long enough (the shipped words, then generated ones) for the progress to be seen
        List<String> words = new ArrayList<>(Files.readAllLines(Path.of("wordlists/subdomains.txt")));
        for (int i = 0; words.size() < WORDS; i++) {
            words.add("w" + i);
        }
        Path wordlist = dir.resolve("words.txt");
        Files.write(wordlist, words);

        Map<String, String> env = new HashMap<>();
        env.put("ASMM8_DB_URL", db.url());
        env.put("ASMM8_DB_USER", TestDatabase.USER);
        env.put("ASMM8_RESOLVERS", dns.resolver());
        env.put("ASMM8_WORDLIST", wordlist.toString());
        // at most 10,000 questions a second: a brute force of the 100,000 words lasts 10 s or more
        // on any machine, long enough to watch its progress and to cancel it from the page
        env.put("ASMM8_DNS_RATE", "10000");
        env.put("ASMM8_STAGING_DIR", dir.resolve("staging").toString());
        env.put("ASMM8_SCHEDULE_ENABLED", "false");
        env.put("ASMM8_BATCH_TIMEOUT", "200");
        env.put("ASMM8_API_TOKEN", TOKEN);
        // the 4 names of the scan are "many" here: the table is analyzed at its end
        env.put("ASMM8_ANALYZE_MIN_ROWS", "4");
        env.put("ASMM8_ANALYZE_FLOOR_ROWS", "1");
        daemon = new Daemon(env, dir.resolve("daemon.log")).awaitReady(90);
        base = "http://127.0.0.1:" + port() + "/ui/";

        Files.createDirectories(SHOTS);
        downloads = Files.createDirectories(dir.resolve("downloads"));
        browser = chromium(dir.resolve("chromium-profile"), downloads);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class); // the page redraws its tables as it polls
    }

    /** Debian's chromium and chromedriver, headless, no network beyond what the page asks, downloads to {@code downloads}. */
    private static ChromeDriver chromium(Path profile, Path downloads) throws Exception {
        for (String f : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
            assertTrue(Files.isExecutable(Path.of(f)), f + " missing: apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createDirectories(profile), "--window-size=1280,900");
        o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                // a second download from the page is allowed (a user is asked once, then it is kept)
                "profile.default_content_setting_values.automatic_downloads", 1));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        return d;
    }

    private static int port() {
        return daemon.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (daemon != null) {
            daemon.stop(60);
        }
        if (dns != null) {
            dns.close();
        }
        if (db != null) {
            db.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static WebElement find(String css) {
        return wait.until(d -> {
            List<WebElement> l = d.findElements(By.cssSelector(css));
            return l.isEmpty() || !l.get(0).isDisplayed() ? null : l.get(0);
        });
    }

    private static void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    private static void waitText(String css, String part) {
        wait.withMessage(() -> css + " never showed '" + part + "'").until(d -> {
            List<WebElement> l = d.findElements(By.cssSelector(css));
            return !l.isEmpty() && l.get(0).getText().contains(part);
        });
    }

    private static void shot(String name) throws Exception {
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static HttpResponse<String> api(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The text of one cell of every row, read in one go (the page redraws its tables as it polls). */
    @SuppressWarnings("unchecked")
    private static List<String> column(String tableCss, String cellCss) {
        return (List<String>) browser.executeScript("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)",
                tableCss + " tbody tr " + cellCss);
    }

    private static void noAlert() {
        try {
            String text = browser.switchTo().alert().getText();
            throw new AssertionError("a script of the page's data ran: alert '" + text + "'");
        } catch (NoAlertPresentException e) {
            // as it should be
        }
    }

    // ---------------------------------------------------------------- the tests

    @Test
    @Order(1)
    void aWrongTokenIsToldPlainly() throws Exception {
        browser.get(base);
        find("#token");
        shot("login");
        type("#token", "not-the-token");
        find("#login-button").click();
        waitText("#login-error", "refused the token");
        assertTrue(find("#login-error").getText().matches("(?s).*HTTP 40[13].*"), find("#login-error").getText());
        assertFalse(browser.findElement(By.id("view-domains")).isDisplayed(), "no data shown");
        shot("login-wrong-token");
    }

    @Test
    @Order(2)
    void anAnalystSignsInAddsADomainScansItAndWatchesTheProgressToCompleted() throws Exception {
        browser.get(base);
        type("#token", TOKEN);
        find("#login-button").click();
        find("#domain-form");
        assertEquals(TOKEN, browser.executeScript("return sessionStorage.getItem('asmm8.token')"), "kept in the tab's session");
        assertEquals(null, browser.executeScript("return localStorage.getItem('asmm8.token')"), "never stored for good");

        type("#domain-name", ZONE);
        type("#domain-company", "Acme");
        find("#domain-add").click();
        waitText("#domains-table tbody", ZONE);
        waitText("#status", "added");

        // the active scan, from its button; the page follows it on the Scans page
        find("#domains-table tr[data-domain='" + ZONE + "'] button[data-scan='active']").click();
        waitText("#status", "started");
        find("#nav a[data-view='scans']").click();
        boolean sawProgress = false;
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String status = "";
        while (System.nanoTime() < end) {
            @SuppressWarnings("unchecked")
            List<String> now = (List<String>) browser.executeScript(
                    "const r = document.querySelector(`#running-table tr[data-domain='${arguments[0]}']`);"
                            + "const h = document.querySelector(`#history-table tr[data-domain='${arguments[0]}']`);"
                            + "return [r && r.querySelector('progress') ? r.textContent : '', h ? h.dataset.status : ''];",
                    ZONE);
            if (!sawProgress && now.get(0).contains("words")) {
                sawProgress = true;
                assertTrue(now.get(0).contains("/ " + WORDS + " words"), now.get(0));
                shot("scans-running");
            }
            status = now.get(1);
            if (!status.equals("running") && !status.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(sawProgress, "the running scan's progress (words done of " + WORDS + ") was never shown");
        assertEquals("completed", status, daemon.log());
        waitText("#history-table tr[data-domain='" + ZONE + "']", "completed");
        shot("scans");
        // the scan's own view: each phase, its tools with what they counted, and what they said
        find("#history-table tr[data-domain='" + ZONE + "'] td a").click();
        waitText("#scan-title", "active scan of " + ZONE);
        waitText("#scan-phases [data-phase='bruteforce'] tr[data-tool='asmm8-dns']", "asked");
        waitText("#scan-phases [data-phase='bruteforce'] tr[data-tool='asmm8-dns']", "resolvers 1 healthy of 1");
        assertTrue(find("#scan-phases [data-phase='zone']").getText().contains("axfr"), "the zone phase and its engines are shown");
        shot("scan-view");
        browser.navigate().back();
        waitText("#history-table tr[data-domain='" + ZONE + "']", "completed");
        // the scan changed "many" rows (4, with this daemon's settings): the hostname table was analyzed
        wait.withMessage("no ANALYZE after the scan").until(d -> {
            try {
                return Long.parseLong(db.single("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'cptm8hostname'")) >= 1;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(3)
    void theDomainListShowsCountsAndTheLastScan() throws Exception {
        find("#nav a[data-view='domains']").click();
        waitText("#domains-table tr[data-domain='" + ZONE + "']", "completed");
        String row = find("#domains-table tr[data-domain='" + ZONE + "']").getText();
        assertTrue(row.contains("Acme"), row);
        List<WebElement> nums = browser.findElements(By.cssSelector("#domains-table tr[data-domain='" + ZONE + "'] td.num"));
        assertEquals("4", nums.get(0).getText(), "hostnames: " + row);
        assertEquals("4", nums.get(1).getText(), "live: " + row);
        shot("domains");
    }

    @Test
    @Order(4)
    void hostnamesAreFoundBySearchFilteredByLiveAndDownloadedAsTheApiExportsThem() throws Exception {
        // one name not live, so the live filter has something to leave out
        db.update("UPDATE cptm8hostname SET live = false, livechangedat = now() WHERE name = ?", "mail." + ZONE);
        find("#domains-table tr[data-domain='" + ZONE + "'] th a").click();
        waitText("#hostnames-title", ZONE);
        wait.until(d -> column("#hosts-table", "th").size() == 4);
        assertEquals(List.of("api." + ZONE, "mail." + ZONE, "vpn." + ZONE, "www." + ZONE), column("#hosts-table", "th"));

        type("#f-q", "pn");
        find("#f-apply").click();
        wait.until(d -> column("#hosts-table", "th").equals(List.of("vpn." + ZONE)));
        waitText("#page-info", "Rows 1-1 of 1");
        // the query is in the address: a reload shows the same rows and form; Back the list before it
        assertTrue(browser.getCurrentUrl().contains("q=pn"), browser.getCurrentUrl());
        browser.navigate().refresh();
        wait.until(d -> column("#hosts-table", "th").equals(List.of("vpn." + ZONE)));
        assertEquals("pn", find("#f-q").getAttribute("value"));
        browser.navigate().back();
        wait.until(d -> column("#hosts-table", "th").size() == 4);
        waitText("#page-info-2", "of 4");
        browser.navigate().forward();
        wait.until(d -> column("#hosts-table", "th").equals(List.of("vpn." + ZONE)));
        // a column's header sorts by it, again the other way
        find("#hosts-table thead th[data-sort='name'] button").click();
        wait.until(d -> browser.getCurrentUrl().contains("sort=-name"));
        wait.until(d -> "descending".equals(find("#hosts-table thead th[data-sort='name']").getAttribute("aria-sort")));
        find("#hosts-table thead th[data-sort='name'] button").click();
        wait.until(d -> "ascending".equals(find("#hosts-table thead th[data-sort='name']").getAttribute("aria-sort")));
        shot("hostnames-search");

        type("#f-q", "");
        new Select(find("#f-live")).selectByValue("true");
        find("#f-apply").click();
        wait.until(d -> column("#hosts-table", "th").equals(List.of("api." + ZONE, "vpn." + ZONE, "www." + ZONE)));
        new Select(find("#f-live")).selectByValue("false");
        find("#f-q").sendKeys(org.openqa.selenium.Keys.ENTER); // the keyboard submits the filters too
        wait.until(d -> column("#hosts-table", "th").equals(List.of("mail." + ZONE)));
        new Select(find("#f-live")).selectByValue("");
        find("#f-apply").click();
        wait.until(d -> column("#hosts-table", "th").size() == 4);
        shot("hostnames");

        find("#export-csv").click();
        Path csv = downloads.resolve(ZONE + "-hostnames.csv");
        wait.withMessage(() -> "no " + csv).until(d -> Files.exists(csv) && !Files.exists(Path.of(csv + ".crdownload")));
        String fromApi = api("/domain/" + domainId() + "/export?format=csv").body();
        wait.until(d -> {
            try {
                return Files.readString(csv).equals(fromApi);
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(5, Files.readAllLines(csv).size(), "header and 4 names");

        // with a filter in force the download is what the filter shows
        new Select(find("#f-live")).selectByValue("true");
        find("#f-apply").click();
        wait.until(d -> column("#hosts-table", "th").size() == 3);
        Files.delete(csv);
        find("#export-csv").click();
        Path filtered = csv;
        wait.withMessage(() -> "no second download " + csv).until(d -> Files.exists(csv)
                && !Files.exists(Path.of(csv + ".crdownload")));
        String liveFromApi = api("/domain/" + domainId() + "/export?format=csv&live=true").body();
        wait.until(d -> {
            try {
                return Files.readString(filtered).equals(liveFromApi);
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(4, Files.readAllLines(filtered).size(), "header and the 3 live names");
        new Select(find("#f-live")).selectByValue("");
        find("#f-apply").click();
        wait.until(d -> column("#hosts-table", "th").size() == 4);

        // bulk actions on a selection: two names not scanned downstream, then again; a delete asks first
        for (String n : List.of("api." + ZONE, "mail." + ZONE)) {
            find("#hosts-table input.pick[aria-label='Select " + n + "']").click();
        }
        waitText("#bulk-info", "2 selected");
        find("#bulk-disable").click();
        waitText("#status", "2 names no longer scanned downstream");
        assertEquals(List.of("api." + ZONE, "mail." + ZONE), db.column("SELECT name FROM cptm8hostname WHERE NOT enabled ORDER BY name"));
        for (String n : List.of("api." + ZONE, "mail." + ZONE)) {
            find("#hosts-table input.pick[aria-label='Select " + n + "']").click();
        }
        find("#bulk-delete").click();
        waitText("#bulk-delete", "Delete 2 names: confirm");
        assertEquals("4", db.single("SELECT count(*) FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid WHERE d.name = ?", ZONE),
                "nothing deleted before the confirmation");
        find("#bulk-enable").click();
        waitText("#status", "2 names scanned downstream again");
        assertEquals("0", db.single("SELECT count(*) FROM cptm8hostname WHERE NOT enabled"));
    }

    @Test
    @Order(5)
    void aHostileHostnameStoredInTheDatabaseIsShownAsText() throws Exception {
        db.update("INSERT INTO cptm8hostname (name, domainid, sources) SELECT ?, id, ARRAY['<script>alert(2)</script>'] "
                + "FROM cptm8domain WHERE name = ?", XSS, ZONE);
        browser.navigate().refresh();
        wait.until(d -> column("#hosts-table", "th").size() == 5);
        noAlert();
        assertTrue(column("#hosts-table", "th").contains(XSS), column("#hosts-table", "th").toString());
        assertTrue(column("#hosts-table", "td:last-child").contains("<script>alert(2)</script>"));
        assertTrue(browser.findElements(By.cssSelector("#hosts-table img, #hosts-table script")).isEmpty(), "markup was parsed");
        find("#nav a[data-view='changes']").click();
        waitText("#changes-table tbody", XSS);
        noAlert();
        assertTrue(browser.findElements(By.cssSelector("#changes-table img")).isEmpty());
    }

    @Test
    @Order(6)
    void changesListNewNamesNewestFirstAndTheChartCountsThem() throws Exception {
        find("#nav a[data-view='changes']").click();
        wait.until(d -> column("#changes-table", "th").size() == 6);
        List<String> names = column("#changes-table", "th");
        assertEquals(XSS, names.get(0), "newest first: " + names);
        assertTrue(names.containsAll(List.of("www." + ZONE, "api." + ZONE, "vpn." + ZONE, "mail." + ZONE)), names.toString());
        assertTrue(find("#changes-table tbody").getText().contains("went dark"), "mail's flip");
        shot("changes");

        find("#nav a[data-view='chart']").click();
        wait.until(d -> !d.findElements(By.cssSelector("#chart-svg svg rect")).isEmpty());
        waitText("#chart-legend", ZONE);
        assertEquals("5", browser.executeScript(
                "return [...document.querySelectorAll('#chart-table tbody tr')].filter(r => r.cells[1].textContent === arguments[0])"
                        + ".reduce((a, r) => a + Number(r.cells[2].textContent), 0).toString()",
                ZONE));
        // what each source is worth: the engine found every name of the test zone, and alone
        wait.until(d -> column("#sources-table", "th").contains("asmm8-dns"));
        // round ticks (0, 1, 2, ...: five names today), and a bar leads to the names it counts
        assertEquals(List.of("0", "1", "2", "3", "4", "5"), browser.executeScript(
                "return [...document.querySelectorAll('#chart-svg text.axis')].map(t => t.textContent).filter(t => /^[0-9,]+$/.test(t))"));
        shot("chart");
        find("#chart-svg a[href*='#hostnames/']").click();
        waitText("#hostnames-title", ZONE);
        assertTrue(browser.getCurrentUrl().contains("since=") && browser.getCurrentUrl().contains("sort=foundfirsttime"),
                browser.getCurrentUrl());
        wait.until(d -> column("#hosts-table", "th").size() == 5);
    }

    @Test
    @Order(7)
    void aNamesViewShowsWhereItPointsSinceWhenWhatItPointedToBeforeAndItsTakeoverLead() throws Exception {
        // what a brute force and a later check would have kept (the engine's writes are tested elsewhere)
        String www = db.single("SELECT id FROM cptm8hostname WHERE name = ?", "www." + ZONE);
        String vpn = db.single("SELECT id FROM cptm8hostname WHERE name = ?", "vpn." + ZONE);
        db.update("INSERT INTO asmm8_record (hostnameid, type, value, firstseen, lastseen, current) VALUES "
                + "(?::uuid, 'A', '10.9.9.1', now() - interval '3 days', now() - interval '1 day', false), "
                + "(?::uuid, 'A', '10.9.9.2', now() - interval '1 day', NULL, true), "
                + "(?::uuid, 'CNAME', 'gone.example.net', now() - interval '2 days', NULL, true)", www, www, vpn);
        db.update("INSERT INTO asmm8_record_change (hostnameid, domainid, name, type, old, new) "
                + "SELECT ?::uuid, domainid, name, 'A', '10.9.9.1', '10.9.9.2' FROM cptm8hostname WHERE id = ?::uuid", www, www);
        db.update("INSERT INTO asmm8_takeover_lead (hostnameid, domainid, name, target, rcode, chain) "
                + "SELECT id, domainid, name, 'gone.example.net', 'NXDOMAIN', ARRAY['gone.example.net'] FROM cptm8hostname WHERE id = ?::uuid",
                vpn);
        // the one search box: every domain's names as one types, each leading to its view
        type("#search-q", "vpn");
        wait.until(d -> column("#search-table", "th").equals(List.of("vpn." + ZONE)));
        waitText("#search-info", "of 1");
        assertTrue(browser.getCurrentUrl().contains("#search?q=vpn"), browser.getCurrentUrl());
        find("#search-table tbody th a").click();
        waitText("#name-title", "vpn." + ZONE);
        find("#nav a[data-view='domains']").click();
        find("#domains-table tr[data-domain='" + ZONE + "'] th a").click();
        waitText("#hosts-table tbody", "10.9.9.2");
        new Select(find("#f-lead")).selectByValue("true");
        find("#f-apply").click();
        wait.until(d -> column("#hosts-table", "th a").equals(List.of("vpn." + ZONE)));
        waitText("#hosts-table tbody", "takeover lead");
        new Select(find("#f-lead")).selectByValue("");
        type("#f-ip", "10.9.9.0/24");
        find("#f-apply").click();
        wait.until(d -> column("#hosts-table", "th a").equals(List.of("www." + ZONE)));
        type("#f-ip", "");
        find("#f-apply").click();
        wait.until(d -> column("#hosts-table", "th a").size() == 5);

        find("#hosts-table a[href='#name/" + www + "']").click();
        waitText("#name-title", "www." + ZONE);
        waitText("#records-table tbody", "10.9.9.2");
        waitText("#record-changes-table tbody", "10.9.9.1");
        assertEquals(List.of("10.9.9.1"), column("#record-history-table", "th"));
        assertFalse(find("#records-table").getText().contains("10.9.9.1"), "the old address is history, not current");
        assertTrue(browser.findElements(By.cssSelector("#name-lead")).get(0).getAttribute("hidden") != null, "no lead for www");
        waitText("#name-state", "Live");
        shot("name-view");
        // disabled for downstream scanning from its view: the API agrees; then enabled again
        find("#name-enabled").click();
        waitText("#name-enabled", "Not scanned downstream");
        assertEquals("false", db.single("SELECT enabled::text FROM cptm8hostname WHERE id = ?::uuid", www));
        assertFalse(JSON.readTree(api("/domain/" + domainId() + "/hostname/" + www).body()).path("data").path("enabled").asBoolean());
        find("#name-enabled").click();
        waitText("#name-enabled", "Scanned downstream");
        assertEquals("true", db.single("SELECT enabled::text FROM cptm8hostname WHERE id = ?::uuid", www));
        // each state said as what it is: gone dark since when, answered only by a wildcard
        String mail = db.single("SELECT id FROM cptm8hostname WHERE name = ?", "mail." + ZONE);
        browser.navigate().to(base + "#name/" + mail);
        waitText("#name-state", "Gone dark since");
        db.update("INSERT INTO cptm8hostname (name, domainid, live, sources) SELECT ?, id, false, ARRAY['crtsh', 'wildcard'] "
                + "FROM cptm8domain WHERE name = ?", "x.wild." + ZONE, ZONE);
        String wild = db.single("SELECT id FROM cptm8hostname WHERE name = ?", "x.wild." + ZONE);
        browser.navigate().to(base + "#name/" + wild);
        waitText("#name-state", "Only the wildcard of wild." + ZONE + " answers for it");
        db.update("DELETE FROM cptm8hostname WHERE id = ?::uuid", wild);
        browser.navigate().to(base + "#name/" + www);
        waitText("#name-title", "www." + ZONE);

        browser.navigate().to(browser.getCurrentUrl().replace(www, vpn));
        waitText("#name-title", "vpn." + ZONE);
        waitText("#name-lead", "Possible subdomain takeover");
        waitText("#name-lead", "gone.example.net answers NXDOMAIN");
        shot("name-view-lead");
        browser.navigate().back();
        waitText("#name-title", "www." + ZONE);

        find("#nav a[data-view='changes']").click();
        waitText("#changes-table tbody", "records changed");
        waitText("#changes-table tbody", "A 10.9.9.1 \u2192 10.9.9.2");
        waitText("#changes-table tbody", "takeover lead");
    }

    /** axe-core (npm), packed into target/axe once: npm pack axe-core, as .ci/run makes npm available. */
    private static String axe() throws Exception {
        Path js = Path.of("target", "axe", "package", "axe.min.js");
        if (!Files.exists(js)) {
            Path to = Files.createDirectories(Path.of("target", "axe"));
            for (List<String> cmd : List.of(List.of("npm", "pack", "axe-core@" + AXE, "--pack-destination", to.toString()),
                    List.of("tar", "xzf", to.resolve("axe-core-" + AXE + ".tgz").toString(), "-C", to.toString()))) {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, cmd + ": " + out);
            }
        }
        return Files.readString(js);
    }

    private static final String AXE = "4.10.2";

    /** The serious and critical violations axe-core finds in the page as it is now (each with its first node). */
    @SuppressWarnings("unchecked")
    private static List<String> axeViolations(String axe) {
        browser.executeScript(axe);
        Object r = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(res => done(res.violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.length + ' nodes, e.g. ' + v.nodes[0].target.join(' ')"
                + " + ' ' + (v.nodes[0].failureSummary || '').replace(/\\s+/g, ' ')))).catch(e => done(['axe failed: ' + e]));");
        return (List<String>) r;
    }

    @Test
    @Order(8)
    void axeFindsNoSeriousViolationInAnyViewLightOrDarkAndTheViewsAreShotAtLaptopAndPhoneWidths() throws Exception {
        String axe = axe();
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        String www = db.single("SELECT id FROM cptm8hostname WHERE name = ?", "www." + ZONE);
        String scan = db.single("SELECT id FROM asmm8_scan_run WHERE domain = ? AND scantype = 'active' ORDER BY startedat LIMIT 1", ZONE);
        Map<String, String> views = new java.util.LinkedHashMap<>();
        views.put("domains", "#domains");
        views.put("hostnames", "#hostnames/" + domainId() + "?lead=&sort=name");
        views.put("name", "#name/" + www);
        views.put("scans", "#scans");
        views.put("scan", "#scan/" + scan);
        views.put("changes", "#changes");
        views.put("chart", "#chart");
        views.put("search", "#search?q=www");
        List<String> found = new ArrayList<>();
        for (String scheme : List.of("light", "dark")) {
            browser.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
            for (int width : List.of(1366, 390)) {
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
                for (Map.Entry<String, String> v : views.entrySet()) {
                    browser.navigate().to(base + v.getValue());
                    find("#view-" + v.getKey());
                    Thread.sleep(300); // the view's data drawn
                    noAlert();
                    shot(v.getKey() + "-" + width + "-" + scheme);
                    if (width == 1366) {
                        for (String violation : axeViolations(axe)) {
                            found.add(scheme + " " + v.getKey() + ": " + violation);
                        }
                    }
                }
            }
        }
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        assertEquals(List.of(), found);
    }

    @Test
    @Order(9)
    void thePageFitsAPhoneAndMakesNoRequestElsewhereNorBreaksItsPolicy() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        find("#nav a[data-view='domains']").click();
        waitText("#domains-table tbody", ZONE);
        Object overflow = browser.executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1");
        assertEquals(Boolean.FALSE, overflow, "the page scrolls sideways at phone width (only tables may)");
        shot("domains-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));

        List<String> elsewhere = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode m = JSON.readTree(e.getMessage()).path("message");
            if (m.path("method").asText().equals("Network.requestWillBeSent")) {
                String url = m.path("params").path("request").path("url").asText();
                boolean network = url.startsWith("http") || url.startsWith("ws") || url.startsWith("ftp");
                if (network && !url.startsWith("http://127.0.0.1:" + port() + "/")) { // chrome://, blob:, data: stay in the browser
                    elsewhere.add(url);
                }
            }
        }
        assertEquals(List.of(), elsewhere, "requests the page made elsewhere");
        List<String> violations = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getMessage().contains("Content Security Policy") || e.getMessage().contains("Uncaught")) {
                violations.add(e.getMessage());
            }
        }
        assertEquals(List.of(), violations, "policy violations or script errors in the console");
    }

    @Test
    @Order(10)
    void aDomainIsDisabledItsScanCancelledAndItIsDeletedAfterAConfirmation() throws Exception {
        find("#nav a[data-view='domains']").click();
        String row = "#domains-table tr[data-domain='" + ZONE + "']";
        find(row + " button[aria-pressed='true']").click();
        find(row + " button[aria-pressed='false']");
        assertFalse(JSON.readTree(api("/domain/" + domainId()).body()).path("data").path("enabled").asBoolean(), "disabled");

        find(row + " button[data-scan='active']").click();
        waitText("#status", "started");
        find("#nav a[data-view='scans']").click();
        find("#running-table tr[data-domain='" + ZONE + "'] button").click();
        waitText("#status", "being cancelled");
        waitText("#history-table tr[data-domain='" + ZONE + "']", "cancelled");

        find("#nav a[data-view='domains']").click();
        find(row + " button.danger").click();
        WebElement confirm = find(row + " button[data-confirm]");
        assertEquals(confirm, browser.switchTo().activeElement(), "the confirmation has the focus");
        assertEquals(200, api("/domain/" + domainId()).statusCode(), "nothing deleted before the confirmation");
        confirm.click();
        waitText("#status", "deleted");
        wait.until(d -> d.findElements(By.cssSelector(row)).isEmpty());
        assertEquals("0", db.single("SELECT count(*) FROM cptm8domain WHERE name = ?", ZONE));
    }

    private static String domainId() throws Exception {
        for (JsonNode d : JSON.readTree(api("/domain").body()).path("data")) {
            if (d.path("name").asText().equals(ZONE)) {
                return d.path("id").asText();
            }
        }
        throw new AssertionError("no domain " + ZONE);
    }
}
