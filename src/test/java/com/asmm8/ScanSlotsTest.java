package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.SlowScansTestSupport;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Six scan slots run six scans at once: each scan's tool and output reader get threads of their
 * own (two per slot), so no scan waits for another to end. The tool prints names, pauses 4 s and
 * prints more: every scan's first names are stored before any scan's last ones. (Camel's default
 * pool of 10 threads left the 6th scan's branches queued until another scan ended.)
 */
class ScanSlotsTest extends SlowScansTestSupport {

    private static final int SLOTS = 6;

    @Override
    protected int slots() {
        return SLOTS;
    }

    @Test
    void asManyScansRunAtOnceAsThereAreSlots() throws Exception {
        askAndAwait(java.util.stream.IntStream.range(0, SLOTS).mapToObj(i -> "s" + i + ".slots.test").toList());
        assertEquals(SLOTS * 5, Integer.parseInt(db.single("SELECT count(*) FROM cptm8hostname WHERE name LIKE '%.slots.test'")));
        Timestamp lastEarly = Timestamp.valueOf(db.single(
                "SELECT max(foundfirsttime) FROM cptm8hostname WHERE name LIKE 'early%.slots.test'"));
        Timestamp firstLate = Timestamp.valueOf(db.single(
                "SELECT min(foundfirsttime) FROM cptm8hostname WHERE name LIKE 'late%.slots.test'"));
        assertTrue(lastEarly.before(firstLate), () -> "a scan began only after another printed its last names: "
                + rows());
    }

    private static List<List<String>> rows() {
        try {
            return db.rows("SELECT name, foundfirsttime FROM cptm8hostname WHERE name LIKE '%.slots.test' ORDER BY 2");
        } catch (Exception e) {
            return List.of(List.of(e.toString()));
        }
    }
}
