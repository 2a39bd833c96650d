package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.asmm8.support.SlowScansTestSupport;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scans asked for at once (HTTP, JMX and the platform's requests go through ScanQueue.enqueue)
 * run at most asmm8.scan.parallelism at a time: with one slot, three scans of a tool that prints
 * names, pauses 4 s and prints more follow each other; no scan prints its first name before the
 * previous one printed its last. (The scan route's multicast used to hand the queue's consumer
 * back at once, and every queued scan ran at the same time.)
 */
class ScanParallelismTest extends SlowScansTestSupport {

    @Override
    protected int slots() {
        return 1;
    }

    @Test
    void scansAskedForAtOnceRunOneAfterTheOtherWithOneSlot() throws Exception {
        askAndAwait(List.of("one.slot.test", "two.slot.test", "three.slot.test"));
        assertEquals(List.of("completed", "completed", "completed"),
                db.column("SELECT status FROM asmm8_scan_run WHERE domain LIKE '%.slot.test'"));
        // each scan's names, in the order the scans printed their first one
        List<List<String>> spans = db.rows("SELECT d.name, min(h.foundfirsttime), max(h.foundfirsttime) FROM cptm8hostname h "
                + "JOIN cptm8domain d ON d.id = h.domainid WHERE d.name LIKE '%.slot.test' GROUP BY d.name ORDER BY 2");
        assertEquals(3, spans.size(), spans.toString());
        for (int i = 1; i < spans.size(); i++) {
            Timestamp previousLast = Timestamp.valueOf(spans.get(i - 1).get(2));
            Timestamp first = Timestamp.valueOf(spans.get(i).get(1));
            assertFalse(first.before(previousLast), "two scans at once with one slot: " + spans);
        }
    }
}
