package com.asmm8.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The SQL behind the HTTP API: domains, hostnames and scan runs as JSON-ready maps. */
public class ApiRepository {

    private final DataSource ds;

    public ApiRepository(DataSource ds) {
        this.ds = ds;
    }

    /** Filters and order of a hostname listing (already validated). */
    public record HostnameQuery(UUID domainId, Boolean live, Boolean enabled, String contains, Timestamp since,
                                String sort, boolean descending, String after, int limit, int offset) {
    }

    // ------------------------------------------------------------ domains

    public List<Map<String, Object>> domains() throws SQLException {
        return list("SELECT id, name, companyname, enabled FROM cptm8domain ORDER BY name");
    }

    public Optional<Map<String, Object>> domain(UUID id) throws SQLException {
        return one("SELECT id, name, companyname, enabled FROM cptm8domain WHERE id = ?", id);
    }

    /** Inserts a domain; empty when the name exists already. */
    public Optional<Map<String, Object>> createDomain(String name, String company, boolean enabled) throws SQLException {
        return one("INSERT INTO cptm8domain (id, name, companyname, enabled) VALUES (gen_random_uuid(), ?, ?, ?) "
                + "ON CONFLICT (name) DO NOTHING RETURNING id, name, companyname, enabled", name, company, enabled);
    }

    public Optional<Map<String, Object>> updateDomain(UUID id, String name, String company, boolean enabled) throws SQLException {
        return one("UPDATE cptm8domain SET name = ?, companyname = ?, enabled = ? WHERE id = ? "
                + "RETURNING id, name, companyname, enabled", name, company, enabled, id);
    }

    public boolean deleteDomain(UUID id) throws SQLException {
        return update("DELETE FROM cptm8domain WHERE id = ?", id) > 0;
    }

    public Optional<UUID> domainIdByName(String name) throws SQLException {
        return one("SELECT id FROM cptm8domain WHERE name = ?", name).map(m -> (UUID) m.get("id"));
    }

    public List<String> enabledDomainNames() throws SQLException {
        return list("SELECT name FROM cptm8domain WHERE enabled ORDER BY name").stream().map(m -> (String) m.get("name")).toList();
    }

    // ------------------------------------------------------------ hostnames

    private static final String HOST_COLUMNS = "id, name, foundfirsttime, live, enabled, domainid, lastseen, lastresolved, sources";

    public List<Map<String, Object>> hostnames(HostnameQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + HOST_COLUMNS + " FROM cptm8hostname WHERE domainid = ?");
        List<Object> args = new ArrayList<>(List.of(q.domainId()));
        if (q.live() != null) {
            sql.append(" AND live = ?");
            args.add(q.live());
        }
        if (q.enabled() != null) {
            sql.append(" AND enabled = ?");
            args.add(q.enabled());
        }
        if (q.contains() != null) {
            sql.append(" AND strpos(name, ?) > 0");
            args.add(q.contains());
        }
        if (q.since() != null) {
            sql.append(" AND foundfirsttime >= ?");
            args.add(q.since());
        }
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
        return list(sql.toString(), args.toArray());
    }

    public Optional<Map<String, Object>> hostname(UUID domainId, UUID id) throws SQLException {
        return one("SELECT " + HOST_COLUMNS + " FROM cptm8hostname WHERE id = ? AND domainid = ?", id, domainId);
    }

    public Optional<Map<String, Object>> createHostname(UUID domainId, String name, boolean enabled, boolean live)
            throws SQLException {
        return one("INSERT INTO cptm8hostname (id, name, foundfirsttime, live, enabled, domainid, lastseen, sources) "
                + "VALUES (gen_random_uuid(), ?, now(), ?, ?, ?, now(), ARRAY['api']) ON CONFLICT (name) DO NOTHING "
                + "RETURNING " + HOST_COLUMNS, name, live, enabled, domainId);
    }

    public Optional<Map<String, Object>> updateHostname(UUID domainId, UUID id, String name, boolean enabled, boolean live)
            throws SQLException {
        return one("UPDATE cptm8hostname SET name = ?, enabled = ?, live = ? WHERE id = ? AND domainid = ? RETURNING "
                + HOST_COLUMNS, name, enabled, live, id, domainId);
    }

    public boolean deleteHostname(UUID domainId, UUID id) throws SQLException {
        return update("DELETE FROM cptm8hostname WHERE id = ? AND domainid = ?", id, domainId) > 0;
    }

    public boolean hostnameExists(String name) throws SQLException {
        return one("SELECT 1 AS x FROM cptm8hostname WHERE name = ?", name).isPresent();
    }

    // ------------------------------------------------------------ scans

    private static final String RUN_COLUMNS = "id, domain, scantype, status, phase, startedat, endedat, phases, "
            + "hostnamesseen, newhostnames, livechanges, error";

    public Optional<Map<String, Object>> scan(UUID id) throws SQLException {
        return one("SELECT " + RUN_COLUMNS + " FROM asmm8_scan_run WHERE id = ?", id);
    }

    public List<Map<String, Object>> scans(String domain, String status, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM asmm8_scan_run WHERE true");
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
        return list(sql.toString(), args.toArray());
    }

    /** Names first found by a scan (at most {@code limit}). */
    public List<String> newHostnames(String domain, Timestamp since, int limit) throws SQLException {
        return list("SELECT h.name FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid "
                + "WHERE d.name = ? AND h.foundfirsttime >= ? ORDER BY h.name LIMIT ?", domain, since, limit)
                .stream().map(m -> (String) m.get("name")).toList();
    }

    // ------------------------------------------------------------ plumbing

    private List<Map<String, Object>> list(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        }
    }

    private Optional<Map<String, Object>> one(String sql, Object... args) throws SQLException {
        List<Map<String, Object>> l = list(sql, args);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        var md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof java.sql.Array a) {
                v = List.of((Object[]) a.getArray());
            } else if (v instanceof Timestamp t) {
                v = t.toInstant().toString();
            } else if (v instanceof org.postgresql.util.PGobject pg && "jsonb".equals(pg.getType())) {
                v = new RawJson(pg.getValue());
            }
            m.put(md.getColumnLabel(i), v);
        }
        return m;
    }

    /** A JSON document stored in the database, written as is. */
    public record RawJson(@com.fasterxml.jackson.annotation.JsonRawValue @com.fasterxml.jackson.annotation.JsonValue String json) {
    }
}
