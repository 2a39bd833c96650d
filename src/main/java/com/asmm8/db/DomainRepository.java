package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The root domains ({@code cptm8domain}): found and added by scans, listed and edited by the
 * HTTP API (as JSON-ready maps of {@code id, name, companyname, enabled}).
 */
public class DomainRepository {

    public record Domain(UUID id, String name, boolean enabled) {
    }

    private static final String COLUMNS = "id, name, companyname, enabled";

    private final DataSource ds;
    private final Rows rows;

    public DomainRepository(DataSource ds) {
        this.ds = ds;
        this.rows = new Rows(ds);
    }

    public Optional<Domain> findByName(String name) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, name, enabled FROM cptm8domain WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Domain(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)))
                        : Optional.empty();
            }
        }
    }

    /** The domain with this (canonical) name, added enabled when absent. */
    public Domain ensure(String name, String companyName) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO cptm8domain (id, name, companyname, enabled) VALUES (gen_random_uuid(), ?, ?, true) "
                                + "ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id, name, enabled")) {
            ps.setString(1, name);
            ps.setString(2, companyName == null ? "" : companyName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Domain(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3));
            }
        }
    }

    /** Every domain, by name. */
    public List<Map<String, Object>> list() throws SQLException {
        return rows.list("SELECT " + COLUMNS + " FROM cptm8domain ORDER BY name");
    }

    public Optional<Map<String, Object>> get(UUID id) throws SQLException {
        return rows.one("SELECT " + COLUMNS + " FROM cptm8domain WHERE id = ?", id);
    }

    /** Inserts a domain; empty when the name exists already. */
    public Optional<Map<String, Object>> create(String name, String company, boolean enabled) throws SQLException {
        return rows.one("INSERT INTO cptm8domain (id, name, companyname, enabled) VALUES (gen_random_uuid(), ?, ?, ?) "
                + "ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS, name, company, enabled);
    }

    /** Replaces a domain's fields; empty when there is no such domain. */
    public Optional<Map<String, Object>> update(UUID id, String name, String company, boolean enabled) throws SQLException {
        return rows.one("UPDATE cptm8domain SET name = ?, companyname = ?, enabled = ? WHERE id = ? RETURNING " + COLUMNS,
                name, company, enabled, id);
    }

    /** Deletes a domain (its hostnames go with it); false when there was none. */
    public boolean delete(UUID id) throws SQLException {
        return rows.update("DELETE FROM cptm8domain WHERE id = ?", id) > 0;
    }

    /** The names of the enabled domains, in order: what a scan of "all domains" covers. */
    public List<String> enabledNames() throws SQLException {
        return rows.list("SELECT name FROM cptm8domain WHERE enabled ORDER BY name").stream()
                .map(m -> (String) m.get("name")).toList();
    }
}
