package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import javax.sql.DataSource;

/**
 * A scan's writes to {@code cptm8hostname}: a whole batch in one statement and one round trip (the
 * names travel as one array parameter), fenced by the scan's lease token ({@link Fence}) inside
 * that statement. A batch whose fence fails writes nothing and throws {@link FencedOut}.
 */
public class InventoryWrites {

    /** What one batch did: names in the batch, rows inserted, known rows whose live flag flipped. */
    public record BatchOutcome(int names, int inserted, int liveChanged) {
        public static final BatchOutcome EMPTY = new BatchOutcome(0, 0, 0);
    }

    /** The marker in {@code sources} of a name reported under a wildcard parent that only the wildcard answers. */
    public static final String WILDCARD = "wildcard";

    // One statement per batch, written only while the fence CTE has its row. A flip of `live`
    // stamps livechangedat with now(), the statement's transaction time: RETURNING compares
    // against it to count the flips this statement made, without reading the rows first.
    // %1$s the fence, %2$s live for new and seen names, %3$s markers added to the tool's name in
    // sources, %4$s sources of a known name.
    private static final String UPSERT = """
            WITH %1$s,
            up AS (
              INSERT INTO cptm8hostname AS h (id, name, foundfirsttime, live, enabled, domainid, lastseen, sources)
              SELECT gen_random_uuid(), n, now(), %2$s,
                     COALESCE((SELECT (settings->>'scannewlyfoundhostname')::boolean
                               FROM cptm8generalscansettings LIMIT 1), true),
                     ?, now(), ARRAY[?%3$s]::text[]
              FROM (SELECT DISTINCT n FROM unnest(?::text[]) AS t(n) ORDER BY n) inp
              WHERE EXISTS (SELECT 1 FROM fence)
              ON CONFLICT (name) DO UPDATE
                SET lastseen = now(), live = EXCLUDED.live,
                    livechangedat = CASE WHEN h.live = EXCLUDED.live THEN h.livechangedat ELSE now() END,
                    sources = %4$s
              RETURNING (xmax = 0) AS inserted, h.livechangedat IS NOT DISTINCT FROM now() AS flipped)
            SELECT count(*), count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE flipped AND NOT inserted),
                   (SELECT count(*) FROM fence) FROM up
            """;

    // found by a tool: live, and no longer marked as answered only by a wildcard
    private static final String SEEN_SOURCES = """
            CASE WHEN EXCLUDED.sources[1] = ANY (h.sources) THEN array_remove(h.sources, 'wildcard')
                                   ELSE array_remove(h.sources, 'wildcard') || EXCLUDED.sources END""";

    // reported by a passive source but answered only by its parent's wildcard: not live (the
    // wildcard's answer is no sign of a host of its own), marked
    private static final String WILDCARD_SOURCES =
            "(SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(h.sources || EXCLUDED.sources) x)";

    private static final String MARK_LIVE = """
            WITH %s,
            up AS (
              UPDATE cptm8hostname h SET live = true, lastresolved = now(), lastseen = now(),
                     sources = array_remove(o.sources, 'wildcard'),
                     livechangedat = CASE WHEN o.live THEN o.livechangedat ELSE now() END
              FROM cptm8hostname o
              WHERE o.id = h.id AND h.domainid = ? AND h.name = ANY (?::text[]) AND EXISTS (SELECT 1 FROM fence)
              RETURNING o.live AS was)
            SELECT count(*), 0, count(*) FILTER (WHERE NOT was), (SELECT count(*) FROM fence) FROM up
            """;

    private static final String MARK_NOT_LIVE = """
            WITH %s,
            up AS (
              UPDATE cptm8hostname SET live = false, livechangedat = now()
              WHERE domainid = ? AND live AND (lastresolved IS NULL OR lastresolved < ?) AND EXISTS (SELECT 1 FROM fence)
              RETURNING 1)
            SELECT count(*), 0, count(*), (SELECT count(*) FROM fence) FROM up
            """;

    private final DataSource ds;

    public InventoryWrites(DataSource ds) {
        this.ds = ds;
    }

    /** Inserts new names (live, enabled from the general settings) and refreshes known ones, credited to {@code source}. */
    public BatchOutcome upsert(Fence fence, String source, Collection<String> names) throws SQLException {
        return upsert(fence, source, names, UPSERT.formatted(fence.cte(), "true", "", SEEN_SOURCES));
    }

    /** Names only their parent's wildcard answers: stored flagged ({@link #WILDCARD} in sources), not live. */
    public BatchOutcome upsertWildcard(Fence fence, String source, Collection<String> names) throws SQLException {
        return upsert(fence, source, names, UPSERT.formatted(fence.cte(), "false", ", '" + WILDCARD + "'", WILDCARD_SOURCES));
    }

    private BatchOutcome upsert(Fence fence, String source, Collection<String> names, String sql) throws SQLException {
        if (names.isEmpty()) {
            return BatchOutcome.EMPTY;
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(ps, fence);
            ps.setObject(i++, fence.domainId());
            ps.setString(i++, source);
            ps.setArray(i, c.createArrayOf("text", names.toArray()));
            return outcome(ps, fence);
        }
    }

    /** Check-live: the names that resolved are live (and resolved now). */
    public BatchOutcome markLive(Fence fence, Collection<String> names) throws SQLException {
        if (names.isEmpty()) {
            return BatchOutcome.EMPTY;
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(MARK_LIVE.formatted(fence.cte()))) {
            int i = bind(ps, fence);
            ps.setObject(i++, fence.domainId());
            ps.setArray(i, c.createArrayOf("text", names.toArray()));
            return outcome(ps, fence);
        }
    }

    /** Check-live, at the end: every name of the domain that did not resolve since {@code since} is not live; how many flipped. */
    public int markNotLiveSince(Fence fence, Timestamp since) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(MARK_NOT_LIVE.formatted(fence.cte()))) {
            int i = bind(ps, fence);
            ps.setObject(i++, fence.domainId());
            ps.setTimestamp(i, since);
            return outcome(ps, fence).liveChanged();
        }
    }

    /** Binds the fence's parameters; answers the next parameter's index. */
    private static int bind(PreparedStatement ps, Fence fence) throws SQLException {
        if (!fence.fenced()) {
            return 1;
        }
        ps.setObject(1, fence.domainId());
        ps.setLong(2, fence.token());
        return 3;
    }

    private static BatchOutcome outcome(PreparedStatement ps, Fence fence) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getInt(4) == 0) {
                throw new FencedOut(fence);
            }
            return new BatchOutcome(rs.getInt(1), rs.getInt(2), rs.getInt(3));
        }
    }
}
