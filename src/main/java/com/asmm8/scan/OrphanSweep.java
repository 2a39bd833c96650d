package com.asmm8.scan;

import com.asmm8.db.ScanRunRepository;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks interrupted the scans another daemon left running when it died (routes/10-poll.yaml,
 * interrupt-orphans). A lease that expired is a dead daemon only if the database was reachable all
 * along: after an outage every live daemon's leases have expired too, and it renews them within a
 * third of their time to live. So this daemon sweeps only once it has reached the database without
 * a break for a whole time to live plus a renewal, and never touches its own scans.
 */
public final class OrphanSweep {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);

    private final ScanRunRepository runs;
    private final Duration settle;
    private final LongSupplier clock;
    private volatile long reachableSince = -1;

    /** {@code ttl}: the leases' time to live; {@code clock}: nanoseconds (System::nanoTime). */
    public OrphanSweep(ScanRunRepository runs, Duration ttl, LongSupplier clock) {
        this.runs = runs;
        this.settle = ttl.plus(ttl.dividedBy(3)).plusSeconds(5);
        this.clock = clock;
    }

    /** One sweep: the domains whose orphaned scans were marked interrupted now (none while the database settles). */
    public List<String> sweep() {
        long now = clock.getAsLong();
        try {
            runs.ping();
            if (reachableSince < 0) {
                reachableSince = now;
            }
            if (now - reachableSince < settle.toNanos()) {
                return List.of();
            }
            return runs.interruptLeaseless(5);
        } catch (SQLException | RuntimeException e) {
            if (reachableSince >= 0) {
                LOG.debug("Orphan sweep paused: the database is unreachable ({})", e.getMessage());
            }
            reachableSince = -1;
            return List.of();
        }
    }
}
