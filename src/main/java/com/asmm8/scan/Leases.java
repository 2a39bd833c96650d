package com.asmm8.scan;

import com.asmm8.db.LeaseRepository;
import com.asmm8.db.LeaseRepository.Claimed;
import com.asmm8.hostname.HostnameNormalizer;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domain leases this node holds: a domain is scanned only under its lease, so many daemons on
 * one database never scan one domain at once and share the schedule. Leases are claimed by the
 * poll ({@link #claimDue}) or for one scan ({@link #hold}), renewed every third of their time to
 * live while their domain is queued or scanned here, and given back when it leaves this node
 * (with the time of the scan carried out, so the domain is due again after the interval). A
 * renewal that finds another token means another node took the domain over (this node was too
 * slow to renew): the scan here is interrupted and writes nothing more. A node that dies stops
 * renewing: its leases expire after the time to live, and its domains are due for the others.
 */
public class Leases {

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    private record Held(UUID domainId, long token) {
    }

    private final LeaseRepository repo;
    private final ActiveScans active;
    private final String node;
    private final Duration ttl;
    private final Duration interval;
    /** Leases held, by domain name. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Domains whose scan was carried out (not interrupted): when it began. */
    private final Map<String, Timestamp> done = new ConcurrentHashMap<>();
    private volatile long lastRenewal;

    /**
     * @param ttl      how long a lease lasts without renewal (the takeover bound, with the poll period)
     * @param interval a domain is due when its last scan carried out began longer ago than this
     */
    public Leases(LeaseRepository repo, ActiveScans active, String node, Duration ttl, Duration interval) {
        this.repo = repo;
        this.active = active;
        this.node = node;
        this.ttl = ttl;
        this.interval = interval;
        active.onRelease(this::release);
    }

    public String node() {
        return node;
    }

    public Duration ttl() {
        return ttl;
    }

    /** How many leases this node holds now. */
    public int count() {
        return held.size();
    }

    /**
     * The poll: claims at most {@code max} due domains (one statement) and answers a scan request
     * for each, the domain claimed in this process.
     */
    public List<ScanRequest> claimDue(ScanType type, int max) throws SQLException {
        List<ScanRequest> out = new ArrayList<>();
        for (Claimed c : repo.claimDue(node, max, ttl, interval)) {
            String seed;
            try {
                seed = HostnameNormalizer.seed(c.domain());
            } catch (IllegalArgumentException e) {
                // a stored name that is no domain: skipped until the next interval, not claimed at every poll
                LOG.warn("Poll: skipping stored domain: {}", e.getMessage());
                repo.release(c.domainId(), c.token(), new Timestamp(System.currentTimeMillis()));
                continue;
            }
            if (!active.claim(seed)) { // queued here already (an API scan in its first moment): not twice
                repo.release(c.domainId(), c.token(), null);
                continue;
            }
            held.put(seed, new Held(c.domainId(), c.token()));
            out.add(new ScanRequest(seed, type));
        }
        if (!out.isEmpty()) {
            renewing();
        }
        return out;
    }

    /**
     * The lease a scan of {@code domain} begins under: the one the poll claimed, or one claimed now
     * if no node holds it; empty when another node does.
     */
    public OptionalLong hold(UUID domainId, String domain) throws SQLException {
        Held h = held.get(domain);
        if (h != null && h.domainId().equals(domainId)) {
            return OptionalLong.of(h.token());
        }
        OptionalLong token = repo.acquire(domainId, node, ttl);
        if (token.isPresent()) {
            held.put(domain, new Held(domainId, token.getAsLong()));
            renewing();
        }
        return token;
    }

    /** What became of a work item taken from the broker. */
    public enum Take {
        /** The lease is this node's and the domain claimed here: scan it. */
        TAKEN,
        /** Another node holds the lease (a dead one's not yet expired), or this node has it queued: later. */
        BUSY,
        /** Scanned since the item was published: nothing to do. */
        NOT_DUE
    }

    /**
     * With RabbitMQ, the poll: publishes a work item for each of at most {@code max} due domains
     * with a free lease and no item out (one within {@code workTimeout}), marked queued in the same
     * transaction; answers their names.
     */
    public List<String> queueDue(int max, Duration workTimeout, LeaseRepository.Publisher publisher) throws Exception {
        return repo.queueDue(max, interval, workTimeout, publisher);
    }

    /**
     * A work item of {@code domain} taken from the broker: its lease, if free and (for the
     * schedule's items, not {@code asked} for) the domain still due.
     */
    public Take take(UUID domainId, String domain, boolean asked) throws SQLException {
        OptionalLong token = asked ? repo.acquire(domainId, node, ttl) : repo.acquireDue(domainId, node, ttl, interval);
        if (token.isEmpty()) {
            return asked || repo.held(domainId) ? Take.BUSY : Take.NOT_DUE;
        }
        if (!active.claim(domain)) {
            repo.release(domainId, token.getAsLong(), null);
            return Take.BUSY;
        }
        held.put(domain, new Held(domainId, token.getAsLong()));
        renewing();
        return Take.TAKEN;
    }

    /** The scan ended: unless it was interrupted, the domain is not due again before the interval. */
    public void finished(ScanRun run, ScanStatus status) {
        if (status != ScanStatus.INTERRUPTED) {
            done.put(run.getDomain(), run.getStartedAt());
        }
    }

    /** The domain left this process: its lease is given back (it expires by itself if that fails). */
    void release(String domain) {
        Held h = held.remove(domain);
        Timestamp at = done.remove(domain);
        if (h == null) {
            return;
        }
        try {
            repo.release(h.domainId(), h.token(), at);
        } catch (SQLException e) {
            LOG.warn("The lease on {} could not be given back ({}): it expires within {} s", domain, e.getMessage(),
                    ttl.toSeconds());
        }
    }

    /** Renews every lease held; a lease another node holds now is lost, and its scan here is stopped. */
    void renew() {
        Map<String, Held> now = new HashMap<>(held);
        if (now.isEmpty()) {
            return;
        }
        Map<UUID, Long> tokens = new HashMap<>();
        now.values().forEach(h -> tokens.put(h.domainId(), h.token()));
        Set<UUID> kept;
        try {
            kept = repo.renew(tokens, ttl);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Renewing {} domain leases failed ({}); retried in {} s", now.size(), e.getMessage(), period().toSeconds());
            return;
        }
        now.forEach((domain, h) -> {
            if (!kept.contains(h.domainId()) && held.remove(domain, h)) {
                active.leaseLost(domain, "node " + node + " lost its lease on " + domain
                        + " (not renewed within " + ttl.toSeconds() + " s: another node took the domain over)");
            }
        });
    }

    private Duration period() {
        return ttl.dividedBy(3).isZero() ? Duration.ofMillis(100) : ttl.dividedBy(3);
    }

    /** A lease was claimed: the first renewal comes a third of its time to live after the first claim. */
    private void renewing() {
        if (lastRenewal == 0) {
            lastRenewal = System.nanoTime();
        }
    }

    /**
     * The tick of the renew-leases timer route (routes/10-poll.yaml): the leases held are renewed
     * once a third of their time to live has passed since the last renewal.
     */
    public void renewDue() {
        long now = System.nanoTime();
        if (lastRenewal != 0 && now - lastRenewal >= period().toNanos()) {
            lastRenewal = now;
            renew();
        }
    }
}
