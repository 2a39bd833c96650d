package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Where an earlier brute force stopped: the checkpoint (wordlist lines done) the last earlier run
 * of the same domain and scan type left in its tool's report, when that run stopped before the
 * tool ended (interrupted by kill -9, a shutdown or a takeover, or failed) with the same wordlist.
 */
public class Checkpoints {

    /** A run to resume: its id and status, and the line of its wordlist up to which every word was asked. */
    public record Checkpoint(UUID scan, String status, long line) {
    }

    /** Statuses of a run that did not finish its work; a cancelled run is not resumed (the user stopped it). */
    static final Set<String> UNFINISHED = Set.of("interrupted", "failed", "running");

    static final String SQL = """
            SELECT r.id, r.status, t ->> 'status', t -> 'checkpoint' ->> 'line', t -> 'checkpoint' ->> 'wordlist'
            FROM asmm8_scan_run r, LATERAL (SELECT r.phases #> ARRAY[?, 'tools', ?]::text[] AS t) tool
            WHERE r.domain = ? AND r.scantype = ? AND r.id <> ?
              AND r.startedat <= (SELECT startedat FROM asmm8_scan_run WHERE id = ?)
            ORDER BY r.startedat DESC LIMIT 1""";

    private final DataSource ds;

    public Checkpoints(DataSource ds) {
        this.ds = ds;
    }

    /**
     * The checkpoint to resume {@code current} from: the run before it (same domain and type) left
     * one for this phase and tool over the same wordlist, and did not end that tool.
     */
    public Optional<Checkpoint> resumable(UUID current, String domain, String scanType, String phase, String tool,
            String wordlist) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, phase);
            ps.setString(2, tool);
            ps.setString(3, domain);
            ps.setString(4, scanType);
            ps.setObject(5, current);
            ps.setObject(6, current);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !UNFINISHED.contains(rs.getString(2)) || "OK".equals(rs.getString(3))
                        || rs.getString(4) == null || !wordlist.equals(rs.getString(5))) {
                    return Optional.empty();
                }
                long line = Long.parseLong(rs.getString(4));
                return line > 0 ? Optional.of(new Checkpoint(rs.getObject(1, UUID.class), rs.getString(2), line)) : Optional.empty();
            }
        }
    }
}
