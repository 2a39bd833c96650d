package com.asmm8.db;

import com.asmm8.hostname.Finding;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A scan's writes to {@code cptm8hostname}: a whole batch in one statement (the names travel as one
 * array parameter), fenced by the scan's lease token ({@link Fence}) inside that statement. Each
 * write is a {@link BatchStatement}: the ingest route runs it through its {@code jdbc:} endpoint
 * (routes/45-write.yaml) and reads its row with {@link #outcome}; the methods that run it here
 * serve the replay at start-up and the tests. A batch whose fence fails writes nothing and throws
 * {@link FencedOut}.
 */
public class InventoryWrites {

    /**
     * What one batch did: names in the batch, rows inserted, known rows whose live flag flipped,
     * record changes logged (a name's addresses or CNAME that changed, per type).
     */
    public record BatchOutcome(int names, int inserted, int liveChanged, int recordsChanged) {
        public static final BatchOutcome EMPTY = new BatchOutcome(0, 0, 0);

        public BatchOutcome(int names, int inserted, int liveChanged) {
            this(names, inserted, liveChanged, 0);
        }
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
                     :?domainId, now(), ARRAY[:?source%3$s]::text[]
              FROM (SELECT DISTINCT n FROM unnest(:?names::text[]) AS t(n) ORDER BY n) inp
              WHERE EXISTS (SELECT 1 FROM fence)
              ON CONFLICT (name) DO UPDATE
                SET lastseen = now(), live = EXCLUDED.live,
                    livechangedat = CASE WHEN h.live = EXCLUDED.live THEN h.livechangedat ELSE now() END,
                    sources = %4$s
              RETURNING h.id, h.name, (xmax = 0) AS inserted, h.livechangedat IS NOT DISTINCT FROM now() AS flipped),
            %5$s
            SELECT count(*) AS names, count(*) FILTER (WHERE inserted) AS inserted,
                   count(*) FILTER (WHERE flipped AND NOT inserted) AS flipped, (SELECT count(*) FROM fence) AS fenced,
                   (SELECT count(*) FROM logged) AS changed FROM up
            """;

    // found by a tool: live, and no longer marked as answered only by a wildcard
    private static final String SEEN_SOURCES = """
            CASE WHEN EXCLUDED.sources[1] = ANY (h.sources) THEN array_remove(h.sources, 'wildcard')
                                   ELSE array_remove(h.sources, 'wildcard') || EXCLUDED.sources END""";

    // reported by a passive source but answered only by its parent's wildcard: not live (the
    // wildcard's answer is no sign of a host of its own), marked
    private static final String WILDCARD_SOURCES = "(SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(h.sources || EXCLUDED.sources) x)";

    private static final String MARK_LIVE = """
            WITH %s,
            up AS (
              UPDATE cptm8hostname h SET live = true, lastresolved = now(), lastseen = now(),
                     sources = array_remove(o.sources, 'wildcard'),
                     livechangedat = CASE WHEN o.live THEN o.livechangedat ELSE now() END
              FROM cptm8hostname o
              WHERE o.id = h.id AND h.domainid = :?domainId AND h.name = ANY (:?names::text[]) AND EXISTS (SELECT 1 FROM fence)
              RETURNING h.id, h.name, o.live AS was),
            %s
            SELECT count(*) AS names, 0 AS inserted, count(*) FILTER (WHERE NOT was) AS flipped,
                   (SELECT count(*) FROM fence) AS fenced, (SELECT count(*) FROM logged) AS changed FROM up
            """;

    private static final String MARK_NOT_LIVE = """
            WITH %s,
            up AS (
              UPDATE cptm8hostname SET live = false, livechangedat = now()
              WHERE domainid = :?domainId AND live AND (lastresolved IS NULL OR lastresolved < :?since)
                AND EXISTS (SELECT 1 FROM fence)
              RETURNING 1)
            SELECT count(*) AS names, 0 AS inserted, count(*) AS flipped, (SELECT count(*) FROM fence) AS fenced FROM up
            """;

    private final DataSource ds;

    public InventoryWrites(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Inserts new names (live, enabled from the general settings) and refreshes known ones,
     * credited to {@code source}; keeps the records and leads the findings carry ({@link Finding}).
     */
    public BatchStatement upsertStatement(Fence fence, String source, Collection<String> findings) {
        Finding.Parts parts = Finding.split(findings);
        return statement(fence, UPSERT.formatted(fence.cte(), "true", "", SEEN_SOURCES, records(parts)), parts, "source", source);
    }

    /** Names only their parent's wildcard answers: stored flagged ({@link #WILDCARD} in sources), not live, without records. */
    public BatchStatement upsertWildcardStatement(Fence fence, String source, Collection<String> findings) {
        Finding.Parts parts = Finding.split(findings);
        parts = new Finding.Parts(parts.names(), new String[0], new String[0]);
        return statement(fence, UPSERT.formatted(fence.cte(), "false", ", '" + WILDCARD + "'", WILDCARD_SOURCES, records(parts)),
                parts, "source", source);
    }

    /** Check-live: the names that resolved are live (and resolved now); their records and leads are kept. */
    public BatchStatement markLiveStatement(Fence fence, Collection<String> findings) {
        Finding.Parts parts = Finding.split(findings);
        return statement(fence, MARK_LIVE.formatted(fence.cte(), records(parts)), parts);
    }

    private static String records(Finding.Parts parts) {
        return parts.hasRecords() ? RecordStatements.WITH_RECORDS : RecordStatements.WITHOUT_RECORDS;
    }

    /** Check-live, at the end: every name of the domain that did not resolve since {@code since} is not live. */
    public BatchStatement markNotLiveStatement(Fence fence, Timestamp since) {
        return statement(fence, MARK_NOT_LIVE.formatted(fence.cte()), null, "since", since);
    }

    public BatchOutcome upsert(Fence fence, String source, Collection<String> names) throws SQLException {
        return names.isEmpty() ? BatchOutcome.EMPTY : run(upsertStatement(fence, source, names), fence);
    }

    public BatchOutcome upsertWildcard(Fence fence, String source, Collection<String> names) throws SQLException {
        return names.isEmpty() ? BatchOutcome.EMPTY : run(upsertWildcardStatement(fence, source, names), fence);
    }

    public BatchOutcome markLive(Fence fence, Collection<String> names) throws SQLException {
        return names.isEmpty() ? BatchOutcome.EMPTY : run(markLiveStatement(fence, names), fence);
    }

    /** How many names flipped to not live. */
    public int markNotLiveSince(Fence fence, Timestamp since) throws SQLException {
        return run(markNotLiveStatement(fence, since), fence).liveChanged();
    }

    /** What a batch statement's row says; {@link FencedOut} when its fence had no row (the lease is another's). */
    public static BatchOutcome outcome(Map<?, ?> row, Fence fence) throws FencedOut {
        if (row == null || number(row, "fenced") == 0) {
            throw new FencedOut(fence);
        }
        return new BatchOutcome(number(row, "names"), number(row, "inserted"), number(row, "flipped"), number(row, "changed"));
    }

    private BatchOutcome run(BatchStatement statement, Fence fence) throws SQLException {
        return outcome(statement.run(ds), fence);
    }

    /** The statement and its parameters: the fence's, the domain, the findings' parts (or null), and {@code more} (name, value pairs). */
    private static BatchStatement statement(Fence fence, String sql, Finding.Parts parts, Object... more) {
        Map<String, Object> p = new HashMap<>();
        p.put("domainId", fence.domainId());
        if (parts != null) {
            p.put("names", parts.names());
            if (parts.hasRecords()) {
                p.put("records", parts.records());
                p.put("leads", parts.leads());
            }
        }
        if (fence.fenced()) {
            p.put("token", fence.token());
        }
        for (int i = 0; i < more.length; i += 2) {
            Object v = more[i + 1];
            p.put((String) more[i], v instanceof Collection<?> c ? c.toArray(new String[0]) : v);
        }
        return new BatchStatement(sql, p);
    }

    private static int number(Map<?, ?> row, String column) {
        Object v = row.get(column);
        return v instanceof Number n ? n.intValue() : 0;
    }
}
