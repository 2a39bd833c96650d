package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The domain leases ({@code asmm8_domain_lease}): which daemon may scan which domain. Every claim
 * is one statement on the database's clock and raises the domain's token (the fencing token), so
 * two daemons never hold one domain, and a holder that lost it finds out at its next renewal (or
 * at its next batch: {@link Fence}). Every domain has its row from its insert on (a trigger, V6).
 */
public class LeaseRepository {

    /** A lease this node now holds. */
    public record Claimed(UUID domainId, String domain, long token) {
    }

    // the due domains whose lease is free or expired, claimed in one statement; rows another
    // daemon is claiming at this moment are skipped (SKIP LOCKED), and a row claimed by another
    // since this statement's snapshot is re-checked under its lock and left out
    private static final String CLAIM_DUE = """
            UPDATE asmm8_domain_lease l
               SET owner = ?, token = l.token + 1, leaseuntil = now() + make_interval(secs => ?)
              FROM cptm8domain d
             WHERE d.id = l.domainid
               AND l.domainid IN (
                   SELECT c.domainid FROM asmm8_domain_lease c JOIN cptm8domain cd ON cd.id = c.domainid
                    WHERE cd.enabled
                      AND (c.leaseuntil IS NULL OR c.leaseuntil < now())
                      AND (c.lastscanat IS NULL OR c.lastscanat <= now() - make_interval(secs => ?))
                    ORDER BY c.lastscanat NULLS FIRST, cd.name
                    LIMIT ?
                    FOR UPDATE OF c SKIP LOCKED)
            RETURNING l.domainid, d.name, l.token
            """;

    // one domain, free or expired (a scan asked for over HTTP, JMX or the command line)
    private static final String ACQUIRE = """
            INSERT INTO asmm8_domain_lease AS l (domainid, owner, token, leaseuntil)
            VALUES (?, ?, 1, now() + make_interval(secs => ?))
            ON CONFLICT (domainid) DO UPDATE
               SET owner = EXCLUDED.owner, token = l.token + 1, leaseuntil = EXCLUDED.leaseuntil
             WHERE l.leaseuntil IS NULL OR l.leaseuntil < now()
            RETURNING l.token
            """;

    // with RabbitMQ: the due domains whose lease is free and that have no work item out (or one
    // published longer ago than the work timeout: lost with a broker), locked while their items
    // are published, so no other daemon publishes them at the same time
    private static final String DUE_UNQUEUED = """
            SELECT c.domainid, cd.name FROM asmm8_domain_lease c JOIN cptm8domain cd ON cd.id = c.domainid
             WHERE cd.enabled
               AND (c.leaseuntil IS NULL OR c.leaseuntil < now())
               AND (c.lastscanat IS NULL OR c.lastscanat <= now() - make_interval(secs => ?))
               AND (c.queuedat IS NULL OR c.queuedat < now() - make_interval(secs => ?))
             ORDER BY c.lastscanat NULLS FIRST, cd.name
             LIMIT ?
             FOR UPDATE OF c SKIP LOCKED
            """;

    // a work item's domain: its lease, only if free or expired and the domain still due
    private static final String ACQUIRE_DUE = """
            UPDATE asmm8_domain_lease l
               SET owner = ?, token = l.token + 1, leaseuntil = now() + make_interval(secs => ?)
             WHERE l.domainid = ?
               AND (l.leaseuntil IS NULL OR l.leaseuntil < now())
               AND (l.lastscanat IS NULL OR l.lastscanat <= now() - make_interval(secs => ?))
            RETURNING l.token
            """;

    // renewal: only while the token is still the one this node claimed
    private static final String RENEW = """
            UPDATE asmm8_domain_lease l SET leaseuntil = now() + make_interval(secs => ?)
              FROM unnest(?::uuid[], ?::bigint[]) AS h(id, tok)
             WHERE l.domainid = h.id AND l.token = h.tok
            RETURNING l.domainid
            """;

    private final DataSource ds;

    public LeaseRepository(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Claims at most {@code max} enabled domains that are due (no scan begun within
     * {@code interval} that was not interrupted) and whose lease is free or expired.
     */
    public List<Claimed> claimDue(String node, int max, Duration ttl, Duration interval) throws SQLException {
        List<Claimed> out = new ArrayList<>();
        if (max <= 0) {
            return out;
        }
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(CLAIM_DUE)) {
                ps.setString(1, node);
                ps.setDouble(2, seconds(ttl));
                ps.setDouble(3, seconds(interval));
                ps.setInt(4, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3)));
                    }
                }
            }
        }
        return out;
    }

    /** Publishes the work item of one domain; throws when the broker did not take it. */
    @FunctionalInterface
    public interface Publisher {
        void publish(String domain) throws Exception;
    }

    /**
     * With RabbitMQ: publishes the work items of at most {@code max} due domains with a free lease
     * and none out (or one published longer ago than {@code workTimeout}), and marks them queued,
     * in one transaction that locks their rows meanwhile. A publish that fails rolls the marks back
     * (the items are published again by the next poll, a duplicate is dropped by its taker); so does
     * a daemon that dies while it publishes. Answers the domains queued.
     */
    public List<String> queueDue(int max, Duration interval, Duration workTimeout, Publisher publisher) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<UUID> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(DUE_UNQUEUED)) {
                    ps.setDouble(1, seconds(interval));
                    ps.setDouble(2, seconds(workTimeout));
                    ps.setInt(3, max);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getObject(1, UUID.class));
                            out.add(rs.getString(2));
                        }
                    }
                }
                for (String d : out) {
                    publisher.publish(d);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE asmm8_domain_lease SET queuedat = now() WHERE domainid = ANY (?)")) {
                    ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                    ps.executeUpdate();
                }
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
        return out;
    }

    /** A work item's domain: its lease when it is free (or expired) and the domain still due; empty otherwise. */
    public OptionalLong acquireDue(UUID domainId, String node, Duration ttl, Duration interval) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(ACQUIRE_DUE)) {
            ps.setString(1, node);
            ps.setDouble(2, seconds(ttl));
            ps.setObject(3, domainId);
            ps.setDouble(4, seconds(interval));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** True when a node holds the domain's lease now (it has not expired). */
    public boolean held(UUID domainId) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT leaseuntil > now() FROM asmm8_domain_lease WHERE domainid = ?")) {
            ps.setObject(1, domainId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Claims one domain's lease if it is free or expired: its new token, or empty when another node holds it. */
    public OptionalLong acquire(UUID domainId, String node, Duration ttl) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(ACQUIRE)) {
            ps.setObject(1, domainId);
            ps.setString(2, node);
            ps.setDouble(3, seconds(ttl));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Renews the leases held (domain id to token); answers the domains still held, the others are lost. */
    public Set<UUID> renew(Map<UUID, Long> held, Duration ttl) throws SQLException {
        Set<UUID> kept = new HashSet<>();
        if (held.isEmpty()) {
            return kept;
        }
        List<UUID> ids = new ArrayList<>(held.keySet());
        Long[] tokens = ids.stream().map(held::get).toArray(Long[]::new);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(RENEW)) {
            ps.setDouble(1, seconds(ttl));
            ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(3, c.createArrayOf("bigint", tokens));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kept.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return kept;
    }

    /**
     * Gives a lease back (free at once for any node), and when {@code scannedAt} is set, records
     * that the domain's scan begun then was carried out (it is due again after the interval; its
     * work item, if any, is done).
     * Nothing changes when the token is no longer this holder's.
     */
    public boolean release(UUID domainId, long token, Timestamp scannedAt) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE asmm8_domain_lease SET leaseuntil = NULL, lastscanat = COALESCE(?, lastscanat), "
                                + "queuedat = CASE WHEN ?::timestamptz IS NULL THEN queuedat END "
                                + "WHERE domainid = ? AND token = ?")) {
            ps.setTimestamp(1, scannedAt);
            ps.setTimestamp(2, scannedAt);
            ps.setObject(3, domainId);
            ps.setLong(4, token);
            return ps.executeUpdate() == 1;
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
