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
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Reads {@code cptm8hostname}, and edits single rows for the HTTP API. A scan's reads stream with
 * a cursor; the API's reads and edits answer JSON-ready maps. A scan's batch writes are
 * {@link InventoryWrites}.
 */
public class HostnameRepository {

    /** Filters and order of a hostname listing (already validated: {@code sort} is a column name). */
    public record HostnameQuery(UUID domainId, HostnameFilter filter,
            String sort, boolean descending, String after, int limit, int offset) {
    }

    private static final String COLUMNS = "id, name, foundfirsttime, live, enabled, domainid, lastseen, lastresolved, sources";

    private final DataSource ds;
    private final Rows rows;

    public HostnameRepository(DataSource ds) {
        this.ds = ds;
        this.rows = new Rows(ds);
    }

    /** How many names of a domain were seen (written by a scan) at or after {@code since}. */
    public long countSeenSince(UUID domainId, Timestamp since) throws SQLException {
        return ((Number) rows.one("SELECT count(*) AS n FROM cptm8hostname WHERE domainid = ? AND lastseen >= ?",
                domainId, since).orElseThrow().get("n")).longValue();
    }

    /** The stored names of a domain, one per line, streamed from a cursor (the body a file: endpoint stages). */
    public NameLines storedNames(UUID domainId) throws SQLException {
        return NameLines.open(ds, "SELECT name FROM cptm8hostname WHERE domainid = ? ORDER BY name", domainId);
    }

    /** The names of a domain seen (or, for a check, resolved) at or after {@code since}, streamed in name order. */
    public void forEachSeenSince(UUID domainId, Timestamp since, boolean resolvedOnly, Consumer<String> out) throws SQLException {
        String col = resolvedOnly ? "lastresolved" : "lastseen";
        forEach("SELECT name FROM cptm8hostname WHERE domainid = ? AND " + col + " >= ? ORDER BY name", ps -> {
            ps.setObject(1, domainId);
            ps.setTimestamp(2, since);
        }, out);
    }

    // ------------------------------------------------------------ the HTTP API

    /**
     * One page of a domain's hostnames, each with its current {@code addresses} and whether it is a
     * takeover {@code lead} (looked up for the page's rows only, after the page is cut).
     */
    public List<Map<String, Object>> list(HostnameQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM cptm8hostname WHERE domainid = ?");
        List<Object> args = new ArrayList<>(List.of(q.domainId()));
        q.filter().appendTo(sql, args);
        if (q.after() != null) {
            sql.append(q.descending() ? " AND name < ?" : " AND name > ?");
            args.add(q.after());
        }
        String dir = q.descending() ? " DESC" : "";
        sql.append(" ORDER BY ").append(q.sort()).append(dir);
        if (!q.sort().equals("name")) {
            sql.append(", name").append(dir);
        }
        sql.append(" LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        String page = "SELECT p.*, ARRAY(SELECT r.value FROM asmm8_record r WHERE r.hostnameid = p.id AND r.current "
                + "AND r.type IN ('A', 'AAAA') ORDER BY r.type, r.value) AS addresses, "
                + "EXISTS (SELECT 1 FROM asmm8_takeover_lead l WHERE l.hostnameid = p.id AND l.current) AS lead FROM (" + sql
                + ") p ORDER BY " + q.sort() + dir + (q.sort().equals("name") ? "" : ", name" + dir);
        return rows.list(page, args.toArray());
    }

    public Optional<Map<String, Object>> get(UUID domainId, UUID id) throws SQLException {
        return rows.one("SELECT " + COLUMNS + " FROM cptm8hostname WHERE id = ? AND domainid = ?", id, domainId);
    }

    /** Adds a name by hand (source {@code api}); empty when the name exists already. */
    public Optional<Map<String, Object>> create(UUID domainId, String name, boolean enabled, boolean live)
            throws SQLException {
        return rows.one("INSERT INTO cptm8hostname (id, name, foundfirsttime, live, enabled, domainid, lastseen, sources) "
                + "VALUES (gen_random_uuid(), ?, now(), ?, ?, ?, now(), ARRAY['api']) ON CONFLICT (name) DO NOTHING "
                + "RETURNING " + COLUMNS, name, live, enabled, domainId);
    }

    /** Replaces a hostname's fields; empty when the domain has no such hostname. */
    public Optional<Map<String, Object>> update(UUID domainId, UUID id, String name, boolean enabled, boolean live)
            throws SQLException {
        return rows.one("UPDATE cptm8hostname SET name = ?, enabled = ?, live = ? WHERE id = ? AND domainid = ? RETURNING "
                + COLUMNS, name, enabled, live, id, domainId);
    }

    /** False when the domain had no such hostname. */
    public boolean delete(UUID domainId, UUID id) throws SQLException {
        return rows.update("DELETE FROM cptm8hostname WHERE id = ? AND domainid = ?", id, domainId) > 0;
    }

    /** True when the name is stored, in any domain (names are unique across domains). */
    public boolean exists(String name) throws SQLException {
        return rows.one("SELECT 1 AS x FROM cptm8hostname WHERE name = ?", name).isPresent();
    }

    /** Names of a domain first found at or after {@code since} (at most {@code limit}), by name. */
    public List<String> foundSince(String domain, Timestamp since, int limit) throws SQLException {
        return rows.list("SELECT h.name FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid "
                + "WHERE d.name = ? AND h.foundfirsttime >= ? ORDER BY h.name LIMIT ?", domain, since, limit)
                .stream().map(m -> (String) m.get("name")).toList();
    }

    /**
     * Names of a domain whose {@code live} flag flipped at or after {@code since} (at most
     * {@code limit}), with the flag they have now, by name.
     */
    public List<Map<String, Object>> liveChangedSince(UUID domainId, Timestamp since, int limit) throws SQLException {
        return rows.list("SELECT name, live FROM cptm8hostname WHERE domainid = ? AND livechangedat >= ? "
                + "ORDER BY name LIMIT ?", domainId, since, limit);
    }

    /**
     * A domain's record changes logged at or after {@code since} (at most {@code limit}): each
     * {@code name}, {@code type}, {@code old} and {@code new} (values joined by commas, empty when none).
     */
    public List<Map<String, Object>> recordChangesSince(UUID domainId, Timestamp since, int limit) throws SQLException {
        return rows.list("SELECT name, type, old, new FROM asmm8_record_change WHERE domainid = ? AND changedat >= ? "
                + "ORDER BY name, type, id LIMIT ?", domainId, since, limit);
    }

    /**
     * Hostnames of every domain that pass {@code filter}, by name, each with its {@code domain}
     * and current {@code addresses} (the page's one search box); at most {@code limit} from {@code offset}.
     */
    public List<Map<String, Object>> search(HostnameFilter filter, int limit, int offset) throws SQLException {
        StringBuilder inner = new StringBuilder("SELECT " + COLUMNS + " FROM cptm8hostname WHERE true");
        List<Object> args = new ArrayList<>();
        filter.appendTo(inner, args);
        inner.append(" ORDER BY name LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return rows.list("SELECT p.*, d.name AS domain, ARRAY(SELECT r.value FROM asmm8_record r WHERE r.hostnameid = p.id "
                + "AND r.current AND r.type IN ('A', 'AAAA') ORDER BY r.type, r.value) AS addresses FROM (" + inner
                + ") p JOIN cptm8domain d ON d.id = p.domainid ORDER BY p.name", args.toArray());
    }

    /** How many hostnames of every domain pass {@code filter}. */
    public long countAll(HostnameFilter filter) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*) AS n FROM cptm8hostname WHERE true");
        List<Object> args = new ArrayList<>();
        filter.appendTo(sql, args);
        return ((Number) rows.one(sql.toString(), args.toArray()).orElseThrow().get("n")).longValue();
    }

    /** How many hostnames of a domain pass {@code filter} (the listing's total). */
    public long count(UUID domainId, HostnameFilter filter) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*) AS n FROM cptm8hostname WHERE domainid = ?");
        List<Object> args = new ArrayList<>(List.of(domainId));
        filter.appendTo(sql, args);
        return ((Number) rows.one(sql.toString(), args.toArray()).orElseThrow().get("n")).longValue();
    }

    /** The hostnames of a domain that pass {@code filter}, by name, as a stream the caller must read to the end or close. */
    public HostnameExport export(UUID domainId, HostnameFilter filter, HostnameExport.Format format) throws SQLException {
        StringBuilder sql = new StringBuilder(HostnameExport.SELECT);
        List<Object> args = new ArrayList<>(List.of(domainId));
        filter.appendTo(sql, args);
        sql.append(" ORDER BY name");
        return new HostnameExport(ds, sql.toString(), args, format);
    }

    // ------------------------------------------------------------ plumbing

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void forEach(String sql, Binder binder, Consumer<String> out) throws SQLException {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // the PostgreSQL driver only streams with a cursor inside a transaction
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(5000);
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.accept(rs.getString(1));
                    }
                }
                c.commit();
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
