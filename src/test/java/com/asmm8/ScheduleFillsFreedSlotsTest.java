package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.asmm8.support.FakeSource;
import com.asmm8.support.RoutesTestSupport;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A daemon without a broker fills a freed scan slot at once: with one slot and three due domains,
 * the schedule's poll fires once (here; every 5 s by default) and all three are scanned, one after
 * the other, each claimed the moment the previous scan ends. (They waited for the next poll: with
 * short scans and the default poll, slots stood idle most of the time.)
 */
class ScheduleFillsFreedSlotsTest extends RoutesTestSupport {

    private static final List<String> DOMAINS = List.of("first.fill.test", "second.fill.test", "third.fill.test");

    @BeforeAll
    static void dueDomains() throws Exception {
        db.migrated(); // before the daemon starts (and its one poll fires)
        for (String d : DOMAINS) {
            db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES (?, 'acme', true)", d);
        }
    }

    @Override
    protected String toolsFile() {
        return tools("quick.yaml", FakeSource.passiveTools("quick", "ok", false));
    }

    /** One poll only, shortly after the start. */
    @Override
    protected String scheduleUri() {
        return "timer:poll-once?repeatCount=1&delay=500";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.schedule.enabled", "true");
        p.put("asmm8.schedule.period", "3600000"); // scanned once: not due again during the test
        p.put("asmm8.scan.parallelism", "1");
        return p;
    }

    @Test
    void eachFreedSlotTakesTheNextDueDomainWithoutWaitingForAPoll() throws Exception {
        await("three scans carried out after a single poll", 60_000, () -> {
            try {
                return db.column("SELECT id FROM asmm8_scan_run WHERE domain LIKE '%.fill.test' AND status = 'completed'")
                        .size() == DOMAINS.size();
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(List.of(List.of("first.fill.test", "1"), List.of("second.fill.test", "1"), List.of("third.fill.test", "1")),
                db.rows("SELECT domain, count(*) FROM asmm8_scan_run WHERE domain LIKE '%.fill.test' GROUP BY domain ORDER BY 1"));
        for (String d : DOMAINS) {
            assertEquals(3, names(d).size(), d);
        }
    }
}
