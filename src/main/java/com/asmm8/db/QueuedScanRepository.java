package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Scans asked for while a broker spreads the work: recorded {@code queued} in
 * {@code asmm8_scan_run} (at most one per domain) before their work item is published, so the
 * caller has the id at once and any daemon can carry the scan out; the daemon that takes the item
 * turns the row {@code running} ({@link ScanRunRepository#begin}).
 */
public class QueuedScanRepository {

    /** A queued scan whose work item is published again. */
    public record Queued(UUID id, String domain, String type) {
    }

    private final DataSource ds;

    public QueuedScanRepository(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Records a scan {@code queued} (its work item about to be published); answers the id of the
     * scan that holds the domain instead when one is queued or running already.
     */
    public Optional<UUID> queue(UUID id, UUID domainId, String domain, String type) throws SQLException {
        for (int attempt = 0; attempt < 3; attempt++) { // again when the scan in the way ended meanwhile
            if (insertQueued(id, domainId, domain, type)) {
                return Optional.empty();
            }
            Optional<UUID> open = openFor(domainId);
            if (open.isPresent()) {
                return open;
            }
        }
        throw new SQLException("scan of " + domain + " not queued: the domain's scans changed under it three times");
    }

    private boolean insertQueued(UUID id, UUID domainId, String domain, String type) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO asmm8_scan_run (id, domainid, domain, scantype, status, owner) "
                                + "SELECT ?, ?, ?, ?, 'queued', ? WHERE NOT EXISTS (SELECT 1 FROM asmm8_scan_run "
                                + "WHERE domainid = ? AND status = 'running') "
                                + "ON CONFLICT (domainid) WHERE status = 'queued' DO NOTHING RETURNING id")) {
            ps.setObject(1, id);
            ps.setObject(2, domainId);
            ps.setString(3, domain);
            ps.setString(4, type);
            ps.setString(5, Owner.ME); // who queued it; the node that takes it is set when it begins
            ps.setObject(6, domainId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The scan of a domain that is queued or running, if any. */
    public Optional<UUID> openFor(UUID domainId) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM asmm8_scan_run WHERE domainid = ? AND status IN ('running', 'queued') "
                                + "ORDER BY status = 'running' DESC LIMIT 1")) {
            ps.setObject(1, domainId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /** Ends a queued scan no daemon has taken yet ({@code cancelled} with the reason); false when it is not queued. */
    public boolean endQueued(UUID id, String status, String why) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE asmm8_scan_run SET status = ?, endedat = now(), error = ? WHERE id = ? AND status = 'queued'")) {
            ps.setString(1, status);
            ps.setString(2, why);
            ps.setObject(3, id);
            return ps.executeUpdate() == 1;
        }
    }
    /** The status of scan {@code id} (queued, running, completed, interrupted, ...), empty when it is gone. */
    public Optional<String> status(UUID id) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT status FROM asmm8_scan_run WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Whether another scan of scan {@code id}'s domain began after it and was not interrupted or
     * cancelled (queued, running or ended): the domain has been scanned again by other means (a
     * platform request carried out again, a new ask), so {@code id} need not be.
     */
    public boolean supersededSince(UUID id) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM asmm8_scan_run o JOIN asmm8_scan_run x ON x.id = ? WHERE o.domainid = x.domainid "
                                + "AND o.id <> x.id AND o.startedat >= x.startedat AND o.status NOT IN ('interrupted', 'cancelled') LIMIT 1")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** True while scan {@code id} waits for a daemon to take its work item. */
    public boolean isQueued(UUID id) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM asmm8_scan_run WHERE id = ? AND status = 'queued'")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The scans queued longer ago than {@code age} (their work item lost with a broker, or sent to
     * a queue nobody consumes any more): their time is reset, so they are published again once an
     * age, not at every poll. A second item of a scan is dropped by its taker.
     */
    public List<Queued> stale(Duration age) throws SQLException {
        List<Queued> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE asmm8_scan_run SET startedat = now() WHERE status = 'queued' "
                                + "AND startedat < now() - make_interval(secs => ?) RETURNING id, domain, scantype")) {
            ps.setDouble(1, age.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Queued(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }
}
