package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scan-run records ({@code asmm8_scan_run}). A partial unique index allows one
 * {@code running} row per domain, so two processes (the daemon and a {@code scan} command, say)
 * can never scan the same domain at once; each row names its owner ({@code host:pid}) so runs left
 * {@code running} by a process that died are found and marked {@code interrupted}.
 */
public class ScanRunRepository {

    private static final Logger LOG = LoggerFactory.getLogger(ScanRunRepository.class);

    /** A scan run as stored. */
    public record Row(UUID id, String domain, String scanType, String status, String phase, Timestamp startedAt,
            Timestamp endedAt, String phases, int hostnamesSeen, int newHostnames, int liveChanges, String error) {
    }

    /** The columns the HTTP API shows, {@code phases} as the stored JSON document. */
    private static final String VIEW_COLUMNS = "id, domain, scantype, status, phase, node, startedat, endedat, phases, "
            + "hostnamesseen, newhostnames, livechanges, error";

    private final DataSource ds;
    private final Rows rows;
    /** The daemon's node id (ASMM8_NODE_ID), written on every run it begins. */
    private final String node;

    public ScanRunRepository(DataSource ds) {
        this(ds, Owner.NODE);
    }

    public ScanRunRepository(DataSource ds, String node) {
        this.ds = ds;
        this.rows = new Rows(ds);
        this.node = node;
    }

    public String node() {
        return node;
    }

    /** Records a new running scan; empty when the domain already has one running (its id is in the log). */
    public Optional<Timestamp> begin(UUID id, UUID domainId, String domain, String type) throws SQLException {
        return begin(id, domainId, domain, type, null);
    }

    /**
     * Records a new running scan under the domain's lease token {@code token}; empty when the
     * domain already has one running. With a token, a run left {@code running} under an older
     * token (its daemon died or lost the lease) is first marked {@code interrupted}, its findings
     * kept: this node holds the lease now.
     */
    public Optional<Timestamp> begin(UUID id, UUID domainId, String domain, String type, Long token) throws SQLException {
        return begin(id, domainId, domain, type, token, false);
    }

    /**
     * As {@link #begin(UUID, UUID, String, String, Long)}; with {@code queued}, the run {@code id}
     * recorded {@code queued} turns {@code running} (empty when it is no longer queued: cancelled).
     */
    public Optional<Timestamp> begin(UUID id, UUID domainId, String domain, String type, Long token, boolean queued)
            throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (token != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE asmm8_scan_run SET status = 'interrupted', endedat = now(), error = coalesce(error || '; ', '') "
                                + "|| 'the lease of node ' || coalesce(node, owner) || ' on the domain expired: taken over by node ' || ? "
                                + "WHERE domainid = ? AND status = 'running' AND leasetoken < ? RETURNING id, coalesce(node, owner)")) {
                    ps.setString(1, node);
                    ps.setObject(2, domainId);
                    ps.setLong(3, token);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            LOG.warn("Scan {} of {} by node {} marked interrupted: its lease expired; node {} takes the domain over",
                                    rs.getObject(1), domain, rs.getString(2), node);
                        }
                    }
                }
            }
            if (queued) {
                return beginQueued(c, id, token);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO asmm8_scan_run (id, domainid, domain, scantype, status, owner, node, leasetoken) "
                            + "VALUES (?, ?, ?, ?, 'running', ?, ?, ?) "
                            + "ON CONFLICT (domainid) WHERE status = 'running' DO NOTHING RETURNING startedat")) {
                ps.setObject(1, id);
                ps.setObject(2, domainId);
                ps.setString(3, domain);
                ps.setString(4, type);
                ps.setString(5, Owner.ME);
                ps.setString(6, node);
                ps.setObject(7, token);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getTimestamp(1)) : Optional.empty();
                }
            }
        }
    }

    private Optional<Timestamp> beginQueued(Connection c, UUID id, Long token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE asmm8_scan_run SET status = 'running', startedat = now(), owner = ?, node = ?, leasetoken = ? "
                        + "WHERE id = ? AND status = 'queued' RETURNING startedat")) {
            ps.setString(1, Owner.ME);
            ps.setString(2, node);
            ps.setObject(3, token);
            ps.setObject(4, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // a scan of the domain is running already
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Asks for the cancel of a running scan another process runs (it finds the mark); false when it is not running. */
    public boolean requestCancel(UUID id) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE asmm8_scan_run SET cancelrequestedat = now() WHERE id = ? AND status = 'running'")) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** The running scans of this node whose cancel was asked for through another process. */
    public List<UUID> cancelsRequested() throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM asmm8_scan_run WHERE status = 'running' AND cancelrequestedat IS NOT NULL "
                                + "AND coalesce(node, owner) = ?")) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    public Optional<UUID> runningFor(UUID domainId) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM asmm8_scan_run WHERE domainid = ? AND status = 'running'")) {
            ps.setObject(1, domainId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /** Progress while the scan runs: the current phase, the per-phase report and the counts. */
    public void progress(UUID id, String phase, String phasesJson, int seen, int inserted, int liveChanges) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE asmm8_scan_run SET phase = ?, phases = ?::jsonb, hostnamesseen = ?, newhostnames = ?, livechanges = ? "
                                + "WHERE id = ? AND status = 'running'")) {
            ps.setString(1, phase);
            ps.setString(2, phasesJson);
            ps.setInt(3, seen);
            ps.setInt(4, inserted);
            ps.setInt(5, liveChanges);
            ps.setObject(6, id);
            ps.executeUpdate();
        }
    }

    /**
     * The end of a run. A run no longer {@code running} is left as it is: a node that took the
     * domain over marked it interrupted (this node had lost its lease), and an end never overwrites that.
     */
    public void finish(UUID id, String status, String phasesJson, int seen, int inserted, int liveChanges, String error)
            throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE asmm8_scan_run SET status = ?, endedat = now(), phases = ?::jsonb, hostnamesseen = ?, "
                                + "newhostnames = ?, livechanges = ?, error = ? WHERE id = ? AND status = 'running'")) {
            ps.setString(1, status);
            ps.setString(2, phasesJson);
            ps.setInt(3, seen);
            ps.setInt(4, inserted);
            ps.setInt(5, liveChanges);
            ps.setString(6, error);
            ps.setObject(7, id);
            ps.executeUpdate();
        }
    }

    public Optional<Row> find(UUID id) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, domain, scantype, status, phase, startedat, endedat, phases::text, hostnamesseen, newhostnames, "
                                + "livechanges, error FROM asmm8_scan_run WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6), rs.getTimestamp(7), rs.getString(8), rs.getInt(9),
                        rs.getInt(10), rs.getInt(11), rs.getString(12)));
            }
        }
    }

    /** A run as the HTTP API shows it (a JSON-ready map). */
    public Optional<Map<String, Object>> get(UUID id) throws SQLException {
        return rows.one("SELECT " + VIEW_COLUMNS + " FROM asmm8_scan_run WHERE id = ?", id);
    }

    /** The latest runs, newest first, optionally of one domain and in one status. */
    public List<Map<String, Object>> list(String domain, String status, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + VIEW_COLUMNS + " FROM asmm8_scan_run WHERE true");
        List<Object> args = new ArrayList<>();
        if (domain != null) {
            sql.append(" AND domain = ?");
            args.add(domain);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        sql.append(" ORDER BY startedat DESC LIMIT ?");
        args.add(limit);
        return rows.list(sql.toString(), args.toArray());
    }

    /** One round trip to the database (throws when it is unreachable). */
    public void ping() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            ps.executeQuery().close();
        }
    }

    /**
     * Marks {@code interrupted} the runs of other daemons that no longer hold the domain's lease: it
     * was not renewed for {@code graceSeconds} past its end, or another daemon has taken the domain
     * since. Call it only after the database has been reachable for a whole time to live (see
     * {@link com.asmm8.scan.OrphanSweep}): a live daemon renews every third of it. Answers the domains freed.
     */
    public List<String> interruptLeaseless(long graceSeconds) throws SQLException {
        List<String> freed = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE asmm8_scan_run r SET status = 'interrupted', endedat = now(), "
                                + "error = coalesce(r.error || '; ', '') || 'the lease of node ' || coalesce(r.node, r.owner) "
                                + "|| ' on the domain expired (it died or lost the database): taken over by node ' || ? "
                                + "FROM asmm8_domain_lease l WHERE l.domainid = r.domainid AND r.status = 'running' AND r.leasetoken IS NOT NULL "
                                + "AND coalesce(r.node, r.owner) <> ? "
                                + "AND (l.token <> r.leasetoken OR l.leaseuntil IS NULL OR l.leaseuntil < now() - make_interval(secs => ?)) "
                                + "RETURNING r.id, r.domain, coalesce(r.node, r.owner)")) {
            ps.setString(1, node);
            ps.setString(2, node);
            ps.setLong(3, graceSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LOG.warn("Scan {} of {} by node {} marked interrupted: that node no longer holds the domain's lease",
                            rs.getObject(1), rs.getString(2), rs.getString(3));
                    freed.add(rs.getString(2));
                }
            }
        }
        return freed;
    }

    /**
     * Marks {@code interrupted} the runs left {@code running} by a process of this host that no
     * longer exists (a crash or a kill -9). Runs of live processes are left alone. Call it at
     * start-up only.
     */
    public int interruptOrphans() throws SQLException {
        List<UUID> orphans = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, owner FROM asmm8_scan_run WHERE status = 'running'")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String owner = rs.getString(2);
                    if (Owner.isGone(owner)) {
                        orphans.add(rs.getObject(1, UUID.class));
                    }
                }
            }
        }
        if (orphans.isEmpty()) {
            return 0;
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE asmm8_scan_run SET status = 'interrupted', endedat = now(), "
                                + "error = coalesce(error || '; ', '') || 'the process running it stopped' "
                                + "WHERE id = ANY (?) AND status = 'running'")) {
            ps.setArray(1, c.createArrayOf("uuid", orphans.toArray()));
            int n = ps.executeUpdate();
            LOG.warn("Marked {} scan runs left running by a stopped process as interrupted", n);
            // their domains' leases are free at once (the dead process cannot renew them), not after their time to live
            try (PreparedStatement free = c.prepareStatement(
                    "UPDATE asmm8_domain_lease l SET leaseuntil = NULL FROM asmm8_scan_run r "
                            + "WHERE r.id = ANY (?) AND l.domainid = r.domainid AND l.token = r.leasetoken")) {
                free.setArray(1, c.createArrayOf("uuid", orphans.toArray()));
                free.executeUpdate();
            }
            return n;
        }
    }
}
