package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.FakeSource;
import com.asmm8.support.RoutesTestSupport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * A tool that prints one name every 100 ms never pauses long enough for an inactivity timeout:
 * its names must still reach the table while it runs, within the batch time (200 ms here).
 */
class SteadyOutputTest extends RoutesTestSupport {

    @Override
    protected String toolsFile() {
        return tools("steady.yaml", FakeSource.passiveTools("steady", "steady", false));
    }

    @Test
    void namesPrintedAtASteadyPaceReachTheTableWhileTheToolRuns() throws Exception {
        String d = "steady.test";
        CompletableFuture<Exchange> scan = scanAsync(d); // 60 names over about 6 s
        Thread.sleep(3000);
        int stored = names(d).size();
        assertEquals("running", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d));
        assertTrue(stored >= 15 && stored < 60, "about 30 names printed so far, " + stored + " stored");

        Exchange done = scan.get(30, TimeUnit.SECONDS);
        assertNull(done.getException());
        assertEquals(60, names(d).size());
        assertEquals("completed", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d));
    }
}
