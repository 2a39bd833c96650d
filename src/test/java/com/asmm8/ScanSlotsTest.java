package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanQueue;
import com.asmm8.scan.ScanType;
import com.asmm8.support.FakeSource;
import com.asmm8.support.RoutesTestSupport;
import java.sql.Timestamp;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Six scan slots run six scans at once: each scan's tool and output reader get threads of their
 * own (two per slot), so no scan waits for another to end. The tool prints names, pauses 4 s and
 * prints more: every scan's first names are stored before any scan's last ones. (Camel's default
 * pool of 10 threads left the 6th scan's branches queued until another scan ended.)
 */
class ScanSlotsTest extends RoutesTestSupport {

    private static final int SLOTS = 6;

    @Override
    protected String toolsFile() {
        return tools("slow.yaml", FakeSource.passiveTools("slow", "slow", false));
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.scan.parallelism", Integer.toString(SLOTS));
        return p;
    }

    @Test
    void asManyScansRunAtOnceAsThereAreSlots() throws Exception {
        ScanQueue queue = context.getRegistry().lookupByNameAndType("scanQueue", ScanQueue.class);
        for (int i = 0; i < SLOTS; i++) {
            assertTrue(queue.enqueue("s" + i + ".slots.test", ScanType.PASSIVE).isNew());
        }
        await("the scans ended", 90_000, () -> {
            try {
                return db.column("SELECT id FROM asmm8_scan_run WHERE domain LIKE '%.slots.test' AND status <> 'running'")
                        .size() == SLOTS;
            } catch (Exception e) {
                return false;
            }
        });
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
