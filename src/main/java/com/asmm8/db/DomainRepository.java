package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads and adds root domains ({@code cptm8domain}). */
public class DomainRepository {

    public record Domain(UUID id, String name, boolean enabled) {
    }

    private final DataSource ds;

    public DomainRepository(DataSource ds) {
        this.ds = ds;
    }

    public Optional<Domain> findByName(String name) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, name, enabled FROM cptm8domain WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Domain(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)))
                        : Optional.empty();
            }
        }
    }

    /** The domain with this (canonical) name, added enabled when absent. */
    public Domain ensure(String name, String companyName) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
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
}
