package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ActiveScans;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanType;
import com.asmm8.support.RoutesTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * The YAML routes of {@code routes/} with the real beans, against a real PostgreSQL, driven the
 * way the daemon drives them (see {@link RoutesTestSupport}).
 */
class ScanRoutesTest extends RoutesTestSupport {

    /** The poll runs on a cron schedule here (every second), as a user may configure it. */
    @Override
    protected String scheduleUri() {
        return "quartz:asmm8/poll?cron=0/1+*+*+*+*+?";
    }

    @Test
    void hostnamesReachTheDatabaseWhileTheToolStillRuns() throws Exception {
        String d = "stream.test";
        CompletableFuture<Exchange> scan = scanAsync(d);
        // the tool prints three names, waits 4 s, prints two more. The line reader holds the last
        // line it has until it sees the next one (the splitter must know whether a line is the last),
        // so at least the first two are stored while the tool sleeps.
        await("the first names in the database", 3500, () -> names(d).size() >= 2);
        assertEquals(List.of("early1." + d, "early2." + d), names(d).subList(0, 2));
        assertTrue(names(d).stream().noneMatch(n -> n.startsWith("late")));
        assertEquals("running", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d),
                "the scan is still running while its first names are stored");

        Exchange done = scan.get(30, TimeUnit.SECONDS);
        assertNull(done.getException());
        assertEquals(List.of("early1." + d, "early2." + d, "early3." + d, "late1." + d, "late2." + d), names(d));
        assertEquals(List.of("completed", "5", "5"), db.rows(
                "SELECT status, newhostnames, hostnamesseen FROM asmm8_scan_run WHERE domain = ?", d).get(0));
    }

    @Test
    void aDomainWithARunningScanIsNotScannedTwice() throws Exception {
        String d = "busy.test";
        CompletableFuture<Exchange> first = scanAsync(d);
        await("the first scan running", 5000, () -> !names(d).isEmpty());

        // another process (or a request that bypassed this one's queue) tries the same domain
        Exchange second = template.send("direct:scan", ex -> ex.getMessage().setBody(new ScanRequest(d, ScanType.PASSIVE)));
        assertNull(second.getProperty(ScanExchange.SCAN, ScanRun.class), "the second scan did not start");
        assertNull(second.getException());
        assertEquals("1", db.single("SELECT count(*) FROM asmm8_scan_run WHERE domain = ?", d));

        assertNotNull(first.get(30, TimeUnit.SECONDS).getProperty(ScanExchange.SCAN, ScanRun.class));
        assertEquals("completed", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d));
        try (Stream<Path> s = Files.list(dir.resolve("staging"))) {
            assertEquals(List.of(), s.toList(), "staging removed by the completion hook");
        }
    }

    @Test
    void aCancelledScanKillsItsToolRemovesItsStagingAndKeepsWhatItFound() throws Exception {
        String d = "cancel.test";
        CompletableFuture<Exchange> scan = scanAsync(d);
        await("the first names stored", 5000, () -> names(d).size() >= 2);
        ActiveScans scans = context.getRegistry().findSingleByType(ActiveScans.class);
        ScanRun run = scans.runs().stream().filter(r -> r.getDomain().equals(d)).findFirst().orElseThrow();
        assertTrue(scans.cancel(run.getId()));

        scan.get(10, TimeUnit.SECONDS); // the 4 s pause of the tool is cut short
        assertEquals("cancelled", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d));
        assertTrue(db.single("SELECT error FROM asmm8_scan_run WHERE domain = ?", d).contains("killed: the scan was cancelled"));
        assertTrue(names(d).size() >= 2, "what was found before the cancel stays");
        assertTrue(names(d).stream().noneMatch(n -> n.startsWith("late")));
        assertTrue(Files.notExists(run.getStaging()), "staging removed");
    }

    @Test
    void pollScansEveryEnabledDomainOnceWhilePollsKeepFiring() throws Exception {
        db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES ('on1.test', 'acme', true), "
                + "('off.test', 'acme', false), ('on2.test', 'acme', true), ('bad domain!', 'acme', true)");
        context.getRouteController().startRoute("poll-enabled-domains");
        await("both enabled domains scanning", 5000, () -> !names("on1.test").isEmpty() && !names("on2.test").isEmpty());
        // polls fire every second while the scans (4 s) run: no second scan of either
        Thread.sleep(1500);
        assertEquals(List.of(List.of("on1.test", "1"), List.of("on2.test", "1")),
                db.rows("SELECT domain, count(*) FROM asmm8_scan_run GROUP BY domain HAVING domain LIKE 'o%' ORDER BY 1"));
        context.getRouteController().stopRoute("poll-enabled-domains");
        await("scans completed", 30000, () -> {
            try {
                return db.column("SELECT status FROM asmm8_scan_run WHERE domain LIKE 'on%' AND status = 'running'").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(List.of(), names("off.test"));
        assertEquals(5, names("on1.test").size());
        assertTrue(db.column("SELECT domain FROM asmm8_scan_run").stream().noneMatch(n -> n.contains("!")));
    }
}
