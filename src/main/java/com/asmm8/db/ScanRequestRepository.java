package com.asmm8.db;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Scan requests from the platform's queue ({@code asmm8_scan_request}): recorded (or joined to
 * the open request of the same scan type) before the message is acknowledged, claimed by one
 * daemon, answered by scan runs, closed with an outcome.
 */
public class ScanRequestRepository {

    /** A request as the daemons carry it out. */
    public record Request(UUID id, String scanType, String routingKey, int joined, List<UUID> scanIds) {
    }

    /** The outcome of {@link #record}: the open request of that type, and whether this message joined it. */
    public record Recorded(UUID id, boolean joined) {
    }

    private static final String COLUMNS = "id, scantype, routingkey, joined, scanids";

    private final Rows rows;

    public ScanRequestRepository(DataSource ds) {
        this.rows = new Rows(ds);
    }

    /** Records a request, or joins the pending or running request of the same scan type (one statement). */
    public Recorded record(String scanType, String routingKey) throws SQLException {
        Map<String, Object> r = rows.one("INSERT INTO asmm8_scan_request (id, scantype, routingkey, status) "
                + "VALUES (gen_random_uuid(), ?, ?, 'pending') "
                + "ON CONFLICT (scantype) WHERE status IN ('pending', 'running') "
                + "DO UPDATE SET joined = asmm8_scan_request.joined + 1 "
                + "RETURNING id, joined > 0 AS joined", scanType, routingKey).orElseThrow();
        return new Recorded((UUID) r.get("id"), (Boolean) r.get("joined"));
    }

    /**
     * Records a request already carried out by {@code owner} with the scans it started (a scan of
     * every enabled domain triggered over HTTP), or joins the open request of that type.
     */
    public Recorded recordStarted(String scanType, String source, String owner, List<UUID> scanIds) throws SQLException {
        Map<String, Object> r = rows.one("INSERT INTO asmm8_scan_request (id, scantype, routingkey, status, owner, scanids, "
                + "startedat) VALUES (gen_random_uuid(), ?, ?, 'running', ?, ?::uuid[], now()) "
                + "ON CONFLICT (scantype) WHERE status IN ('pending', 'running') "
                + "DO UPDATE SET joined = asmm8_scan_request.joined + 1 "
                + "RETURNING id, joined > 0 AS joined", scanType, source, owner, array(scanIds)).orElseThrow();
        return new Recorded((UUID) r.get("id"), (Boolean) r.get("joined"));
    }

    /**
     * Takes the oldest pending request for {@code owner}; the claim is one statement, safe across
     * daemons. The request counts as started once {@link #answeredBy} has named its scans.
     */
    public Optional<Request> claimNext(String owner) throws SQLException {
        return rows.one("UPDATE asmm8_scan_request SET status = 'running', owner = ?, startedat = NULL "
                + "WHERE id = (SELECT id FROM asmm8_scan_request WHERE status = 'pending' ORDER BY receivedat "
                + "FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING " + COLUMNS, owner).map(ScanRequestRepository::request);
    }

    /** The scan runs that answer a request (started for it, or already running when it came): it has started. */
    public void answeredBy(UUID id, List<UUID> scanIds) throws SQLException {
        rows.update("UPDATE asmm8_scan_request SET scanids = ?::uuid[], startedat = now() WHERE id = ?", array(scanIds), id);
    }

    /** The requests {@code owner} is carrying out whose scans are named. */
    public List<Request> runningOf(String owner) throws SQLException {
        return rows.list("SELECT " + COLUMNS + " FROM asmm8_scan_request WHERE status = 'running' AND owner = ? "
                + "AND startedat IS NOT NULL "
                + "ORDER BY startedat", owner).stream().map(ScanRequestRepository::request).toList();
    }

    /** The scan runs that answer a request: domain, status, new hostnames, by domain. */
    public List<Map<String, Object>> scanSummaries(List<UUID> scanIds) throws SQLException {
        return rows.list("SELECT id, domain, status, newhostnames FROM asmm8_scan_run WHERE id = ANY (?::uuid[]) "
                + "ORDER BY domain", array(scanIds));
    }

    /** Closes a request with its outcome. */
    public void done(UUID id, String outcome, String message) throws SQLException {
        rows.update("UPDATE asmm8_scan_request SET status = 'done', outcome = ?, message = ?, endedat = now() WHERE id = ?",
                outcome, message, id);
    }

    /**
     * Puts back to pending the requests whose daemon died while carrying them out (their scans
     * were interrupted), so they are carried out again, once. Call it at start-up.
     */
    public int releaseOrphans() throws SQLException {
        int n = 0;
        for (Map<String, Object> r : rows.list("SELECT id, owner FROM asmm8_scan_request WHERE status = 'running'")) {
            if (Owner.isGone((String) r.get("owner"))) {
                n += rows.update("UPDATE asmm8_scan_request SET status = 'pending', owner = NULL, scanids = '{}' "
                        + "WHERE id = ? AND status = 'running' AND owner = ?", r.get("id"), r.get("owner"));
            }
        }
        return n;
    }

    public Optional<Map<String, Object>> get(UUID id) throws SQLException {
        return rows.one("SELECT * FROM asmm8_scan_request WHERE id = ?", id);
    }

    @SuppressWarnings("unchecked")
    private static Request request(Map<String, Object> r) {
        return new Request((UUID) r.get("id"), (String) r.get("scantype"), (String) r.get("routingkey"),
                (Integer) r.get("joined"), ((List<Object>) r.get("scanids")).stream().map(o -> (UUID) o).toList());
    }

    private static String array(List<UUID> ids) {
        return "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
    }
}
