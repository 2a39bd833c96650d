package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.asmm8.support.FakeSource;
import com.asmm8.support.RoutesTestSupport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * A tool prints three names, then pauses for 4 s: all three reach the table within the batch
 * time (200 ms here) while it pauses; the last line printed before the pause is not held back
 * until the next one comes.
 */
class PausingToolTest extends RoutesTestSupport {

    @Override
    protected String toolsFile() {
        return tools("slow.yaml", FakeSource.passiveTools("slow", "slow", false));
    }

    @Test
    void theLastNamePrintedBeforeAPauseReachesTheTableDuringThePause() throws Exception {
        String d = "pause.test";
        CompletableFuture<Exchange> scan = scanAsync(d);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (names(d).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        Thread.sleep(1500); // the tool sleeps 4 s after its third name; the batch time is 200 ms
        assertEquals("running", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d), "the tool still pauses");
        assertEquals(List.of("early1." + d, "early2." + d, "early3." + d), names(d));

        Exchange done = scan.get(30, TimeUnit.SECONDS);
        assertNull(done.getException());
        assertEquals(List.of("early1." + d, "early2." + d, "early3." + d, "late1." + d, "late2." + d), names(d));
        assertEquals("completed", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d));
    }
}
