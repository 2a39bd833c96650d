package com.asmm8.db;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The inventory as the web page reads it (GET /domains, /changes, /stats/found): per-domain counts
 * with the last scan, what changed since a time, names found per day. Read-only aggregates, each
 * one statement, answered as JSON-ready maps.
 */
public class InventoryViews {

    private static final String OVERVIEW = """
            SELECT d.id, d.name, d.companyname, d.enabled,
                   coalesce(h.hostnames, 0) AS hostnames, coalesce(h.live, 0) AS live,
                   r.id AS scan_id, r.scantype AS scan_scantype, r.status AS scan_status, r.phase AS scan_phase,
                   r.startedat AS scan_startedat, r.endedat AS scan_endedat, r.error AS scan_error
            FROM cptm8domain d
            LEFT JOIN (SELECT domainid, count(*) AS hostnames, count(*) FILTER (WHERE live) AS live
                       FROM cptm8hostname GROUP BY domainid) h ON h.domainid = d.id
            LEFT JOIN LATERAL (SELECT id, scantype, status, phase, startedat, endedat, error FROM asmm8_scan_run s
                               WHERE s.domainid = d.id ORDER BY startedat DESC LIMIT 1) r ON true
            ORDER BY d.name
            """;

    // A name first found since the time is `new`; a name whose live flag last flipped since then is
    // `live` (answers again) or `dark` (stopped answering); only the latest flip of a name is kept.
    // A name whose addresses or CNAME changed is `records` (per type: old and new values); a
    // takeover lead found since then is `lead` (the service, or "dangling CNAME", in `type`, the
    // target that does not exist in `new`).
    private static final String CHANGES = """
            SELECT c.kind, c.name, d.name AS domain, c.domainid, c.at, c.live, c.type, c.old, c.new FROM (
              SELECT 'new' AS kind, name, domainid, foundfirsttime AS at, live, NULL AS type, NULL AS old, NULL AS new
              FROM cptm8hostname WHERE foundfirsttime >= ? %1$s
              UNION ALL
              SELECT CASE WHEN live THEN 'live' ELSE 'dark' END, name, domainid, livechangedat, live, NULL, NULL, NULL
              FROM cptm8hostname WHERE livechangedat >= ? %1$s
              UNION ALL
              SELECT 'records', name, domainid, changedat, NULL, type, old, new
              FROM asmm8_record_change WHERE changedat >= ? %1$s
              UNION ALL
              SELECT 'lead', name, domainid, firstseen, NULL, coalesce(service, 'dangling CNAME'), NULL, target
              FROM asmm8_takeover_lead WHERE current AND firstseen >= ? %1$s
            ) c JOIN cptm8domain d ON d.id = c.domainid
            ORDER BY c.at DESC, c.name LIMIT ?
            """;

    private static final String FOUND_PER_DAY = """
            SELECT d.name AS domain, to_char(h.foundfirsttime AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS found
            FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid
            WHERE h.foundfirsttime >= (date_trunc('day', now() AT TIME ZONE 'UTC') - (? - 1) * interval '1 day') AT TIME ZONE 'UTC'
            GROUP BY 1, 2 ORDER BY 1, 2
            """;

    // What each source is worth: of the names seen since a time (in a domain, or of one scan), how
    // many it found and how many only it found (the markers 'wildcard' and 'api' are no sources)
    private static final String SOURCES = """
            SELECT s AS source, count(*) AS names, count(*) FILTER (WHERE x.alone) AS "unique"
            FROM (SELECT h.sources, cardinality(array_remove(array_remove(h.sources, 'wildcard'), 'api')) = 1 AS alone
                  FROM cptm8hostname h WHERE h.lastseen >= ? %s) x,
                 unnest(array_remove(array_remove(x.sources, 'wildcard'), 'api')) AS s
            GROUP BY s ORDER BY "unique" DESC, names DESC, s
            """;

    private final Rows rows;

    public InventoryViews(DataSource ds) {
        this.rows = new Rows(ds);
    }

    /**
     * Every domain, by name, with its hostname and live counts and its last scan (null when never
     * scanned) as {@code lastscan: {id, scantype, status, phase, startedat, endedat, error}}.
     */
    public List<Map<String, Object>> domainOverview() throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows.list(OVERVIEW)) {
            Map<String, Object> d = new LinkedHashMap<>();
            Map<String, Object> scan = new LinkedHashMap<>();
            r.forEach((k, v) -> {
                if (k.startsWith("scan_")) {
                    scan.put(k.substring(5), v);
                } else {
                    d.put(k, v);
                }
            });
            d.put("lastscan", scan.get("id") == null ? null : scan);
            out.add(d);
        }
        return out;
    }

    /** New names and live flips at or after {@code since}, newest first, of one domain or all (null). */
    public List<Map<String, Object>> changes(Timestamp since, UUID domainId, int limit) throws SQLException {
        if (domainId == null) {
            return rows.list(String.format(CHANGES, ""), since, since, since, since, limit);
        }
        return rows.list(String.format(CHANGES, "AND domainid = ?"), since, domainId, since, domainId, since, domainId, since, domainId,
                limit);
    }

    /**
     * Per source: {@code names} it found and {@code unique}, those no other source found, among the
     * names seen since {@code since} (of one domain when {@code domainId} is set).
     */
    public List<Map<String, Object>> sourceWorth(Timestamp since, UUID domainId) throws SQLException {
        return domainId == null
                ? rows.list(String.format(SOURCES, ""), since)
                : rows.list(String.format(SOURCES, "AND h.domainid = ?"), since, domainId);
    }

    /** A scan's start and domain ({@code startedat}, {@code domainid}), when it exists. */
    public java.util.Optional<Map<String, Object>> scanStart(UUID scanId) throws SQLException {
        return rows.one("SELECT startedat, domainid FROM asmm8_scan_run WHERE id = ?", scanId);
    }

    /** Names first found per UTC day and domain over the last {@code days} days (today included); days without any are absent. */
    public List<Map<String, Object>> foundPerDay(int days) throws SQLException {
        return rows.list(FOUND_PER_DAY, days);
    }
}
