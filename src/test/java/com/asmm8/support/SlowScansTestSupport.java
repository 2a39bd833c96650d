package com.asmm8.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanQueue;
import com.asmm8.scan.ScanType;
import java.util.List;
import java.util.Properties;

/**
 * Scans asked for through {@link ScanQueue#enqueue} (as HTTP, JMX and the platform's requests
 * do), with {@link #slots()} scan slots and a passive tool that prints names, pauses 4 s and
 * prints more ({@code fake-source slow}).
 */
public abstract class SlowScansTestSupport extends RoutesTestSupport {

    /** asmm8.scan.parallelism of this test's daemon. */
    protected abstract int slots();

    @Override
    protected String toolsFile() {
        return tools("slow.yaml", FakeSource.passiveTools("slow", "slow", false));
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.scan.parallelism", Integer.toString(slots()));
        return p;
    }

    /** Asks for a scan of each domain at once, then waits (bounded) until all have ended. */
    protected void askAndAwait(List<String> domains) throws Exception {
        ScanQueue queue = context.getRegistry().lookupByNameAndType("scanQueue", ScanQueue.class);
        for (String d : domains) {
            assertTrue(queue.enqueue(d, ScanType.PASSIVE).isNew(), d);
        }
        await("the scans ended", 90_000, () -> domains.stream().allMatch(d -> {
            try {
                return !db.column("SELECT id FROM asmm8_scan_run WHERE domain = ? AND status <> 'running'", d).isEmpty();
            } catch (Exception e) {
                return false;
            }
        }));
    }
}
