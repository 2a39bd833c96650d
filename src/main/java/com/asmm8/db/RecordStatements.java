package com.asmm8.db;

/**
 * The part of a batch statement that keeps what the batch's names answered ({@code asmm8_record},
 * {@code asmm8_record_change}, {@code asmm8_takeover_lead}): common table expressions appended to
 * a statement whose {@code up} expression returns the written hostnames' {@code id} and
 * {@code name}, so names, records, changes and leads are one statement per batch. Only what
 * changed is written: an unchanged record is not touched. Set operations and grouped joins
 * throughout (EXCEPT, GROUP BY), never a correlated look-up per row: the planner cannot estimate a
 * CTE's rows and would pick nested loops, quadratic in the batch. Parameters: {@code records}
 * ({@code "name TYPE value"}, value {@code -} for a type asked with no record) and {@code leads}
 * ({@code "name service target rcode chain"}), from {@link com.asmm8.hostname.Finding#split}.
 */
final class RecordStatements {

    private RecordStatements() {
    }

    /** The expressions; the statement reads {@code logged} (the changes it recorded) and {@code leads} (the leads it wrote). */
    static final String WITH_RECORDS = """
            rec AS (
              SELECT DISTINCT split_part(r, ' ', 1) AS n, split_part(r, ' ', 2) AS t, split_part(r, ' ', 3) AS v
              FROM unnest(:?records::text[]) AS x(r)),
            known AS (SELECT u.id, rec.n, rec.t, rec.v FROM up u JOIN rec ON rec.n = u.name),
            covered AS (SELECT DISTINCT id, n, t FROM known),
            fresh AS (SELECT id, t, v FROM known WHERE v <> '-'),
            cur AS (
              SELECT r.hostnameid AS id, r.type AS t, r.value AS v
              FROM asmm8_record r JOIN covered c ON c.id = r.hostnameid AND c.t = r.type
              WHERE r.current),
            gone AS (
              UPDATE asmm8_record r SET current = false, lastseen = now()
              FROM (SELECT id, t, v FROM cur EXCEPT SELECT id, t, v FROM fresh) c
              WHERE r.hostnameid = c.id AND r.type = c.t AND r.value = c.v
              RETURNING 1),
            came AS (
              INSERT INTO asmm8_record AS r (hostnameid, type, value)
              SELECT id, t, v FROM fresh EXCEPT SELECT id, t, v FROM cur
              ON CONFLICT (hostnameid, type, value) DO UPDATE SET current = true, lastseen = NULL
              RETURNING 1),
            prior AS (SELECT DISTINCT c.id FROM covered c WHERE EXISTS (SELECT 1 FROM asmm8_record r WHERE r.hostnameid = c.id)),
            olds AS (SELECT id, t, string_agg(v, ',' ORDER BY v) AS vals FROM cur GROUP BY id, t),
            news AS (SELECT f.id, f.t, string_agg(f.v, ',' ORDER BY f.v) AS vals FROM fresh f JOIN prior p ON p.id = f.id GROUP BY f.id, f.t),
            diff AS (
              SELECT c.id, c.n, c.t, coalesce(o.vals, '') AS old, coalesce(w.vals, '') AS new
              FROM covered c JOIN prior p ON p.id = c.id
                   LEFT JOIN olds o ON o.id = c.id AND o.t = c.t
                   LEFT JOIN news w ON w.id = c.id AND w.t = c.t),
            logged AS (
              INSERT INTO asmm8_record_change (hostnameid, domainid, name, type, old, new)
              SELECT id, :?domainId, n, t, old, new FROM diff WHERE old <> new
              RETURNING 1),
            ld AS (
              SELECT DISTINCT ON (n) n, replace(nullif(split_part(l, ' ', 2), '-'), '_', ' ') AS service, split_part(l, ' ', 3) AS target,
                     split_part(l, ' ', 4) AS rcode, string_to_array(split_part(l, ' ', 5), ',') AS chain
              FROM (SELECT split_part(l, ' ', 1) AS n, l FROM unnest(:?leads::text[]) AS x(l)) s ORDER BY n),
            leads AS (
              INSERT INTO asmm8_takeover_lead AS t (hostnameid, domainid, name, service, target, rcode, chain)
              SELECT u.id, :?domainId, ld.n, ld.service, ld.target, ld.rcode, ld.chain FROM ld JOIN up u ON u.name = ld.n
              ON CONFLICT (hostnameid) DO UPDATE
                SET lastseen = now(), service = EXCLUDED.service, target = EXCLUDED.target, rcode = EXCLUDED.rcode,
                    chain = EXCLUDED.chain, current = true,
                    notifiedat = CASE WHEN t.current THEN t.notifiedat END
              RETURNING 1),
            cleared AS (
              UPDATE asmm8_takeover_lead t SET current = false, lastseen = now()
              FROM covered c
              WHERE t.hostnameid = c.id AND c.t = 'CNAME' AND t.current AND t.rcode = 'NXDOMAIN'
                AND NOT EXISTS (SELECT 1 FROM ld WHERE ld.n = c.n)
              RETURNING 1)""";

    /** Stands in for {@link #WITH_RECORDS} in a batch without records (a passive source's). */
    static final String WITHOUT_RECORDS = "logged AS (SELECT 1 WHERE false)";
}
