package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the migrations need on a database the Go service left, done around them on Flyway's own
 * connection (V1..V3 cannot change: their checksums are recorded where they ran). Before: the
 * settings row of an empty {@code cptm8generalscansettings} whose {@code id} has no default (V1's
 * insert names no id and would fail on it), and the stand-in for the unique index on domain names
 * when names are duplicated ({@link DomainNameIndex}). After: that index made unique once it can be.
 */
final class ExistingDatabaseCallback implements Callback {

    private static final Logger LOG = LoggerFactory.getLogger(ExistingDatabaseCallback.class);
    static final String SETTINGS = "{\"scannewlyfoundhostname\": true}";

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_MIGRATE || event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Connection c = context.getConnection();
        try {
            if (event == Event.BEFORE_MIGRATE) {
                settingsRow(c);
                DomainNameIndex.beforeMigrate(c);
            } else {
                DomainNameIndex.afterMigrate(c);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("preparing the existing database for the migrations: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "asmm8-existing-database";
    }

    /**
     * An empty settings table gets its row, with an id made for the column's type when the column
     * has no default (uuid, a number or text); with a default, V1's own insert does it.
     */
    static void settingsRow(Connection c) throws SQLException {
        String type;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'cptm8generalscansettings'
                  AND column_name = 'id' AND column_default IS NULL AND is_identity = 'NO'""");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return; // no such table, or its id has a default: V1 inserts the row when needed
            }
            type = rs.getString(1);
        }
        String id = switch (type) {
            case "uuid" -> "gen_random_uuid()";
            case "smallint", "integer", "bigint", "numeric" -> "1";
            default -> "gen_random_uuid()::text";
        };
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM cptm8generalscansettings LIMIT 1")) {
                if (rs.next()) {
                    return;
                }
            }
            // VALUES, so the literal takes the column's type (jsonb, json or text)
            s.executeUpdate("INSERT INTO cptm8generalscansettings (id, settings) VALUES (" + id + ", '" + SETTINGS + "')");
        }
        LOG.info("cptm8generalscansettings was empty: its row {} is added (its id column has no default)", SETTINGS);
    }
}
