package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unique index on {@code cptm8domain(name)} on a database that holds the same name twice (a
 * Go-era table had no unique constraint, and the Go service's {@code ON CONFLICT DO NOTHING}
 * insert stored duplicates). V1 creates the index with {@code CREATE UNIQUE INDEX IF NOT EXISTS
 * cptm8domain_name_key}, which fails on such a table and stops the whole migration; V1 cannot be
 * edited (checksums of databases where it ran). So before migrating, a plain (not unique) index
 * takes that name: V1 then passes, the rest of the schema is applied, and the duplicates are
 * reported, never changed. Once they are removed, the next start replaces it with the unique one.
 */
public final class DomainNameIndex {

    private static final Logger LOG = LoggerFactory.getLogger(DomainNameIndex.class);
    static final String NAME = "cptm8domain_name_key";

    private DomainNameIndex() {
    }

    /** Before the migrations: the stand-in index when the table holds duplicates and V1 has yet to run. */
    static void beforeMigrate(Connection c) throws SQLException {
        if (!exists(c, "cptm8domain") || exists(c, NAME)) {
            return;
        }
        List<String> dupes = duplicates(c, 20);
        if (!dupes.isEmpty()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE INDEX " + NAME + " ON cptm8domain (name)");
            }
            LOG.info("cptm8domain holds names more than once: a plain index {} stands in for the unique one, so the "
                    + "migrations apply", NAME);
        }
    }

    /** After the migrations: the unique index once the duplicates are gone, or the report again. */
    static void afterMigrate(Connection c) throws SQLException {
        if (!exists(c, "cptm8domain") || unique(c)) {
            return;
        }
        List<String> dupes = duplicates(c, 20);
        if (!dupes.isEmpty()) {
            LOG.warn(report(dupes));
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX IF EXISTS " + NAME);
            s.execute("CREATE UNIQUE INDEX " + NAME + " ON cptm8domain (name)");
        }
        LOG.info("cptm8domain holds each name once now: unique index {} created", NAME);
    }

    /** Whether a unique index on {@code cptm8domain(name)} alone is in force (whatever its name). */
    public static boolean unique(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indrelid = to_regclass('cptm8domain') AND i.indisunique AND i.indnkeyatts = 1
                  AND i.indpred IS NULL AND a.attname = 'name'""");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** The names held more than once, as {@code name (N rows)}, at most {@code limit} of them. */
    public static List<String> duplicates(Connection c, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, count(*) FROM cptm8domain GROUP BY name HAVING count(*) > 1 ORDER BY name LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " (" + rs.getLong(2) + " rows)");
                }
            }
        }
        return out;
    }

    /** What the log and /ready say about duplicates. */
    public static String report(List<String> dupes) {
        return "cptm8domain holds the same name more than once: " + String.join(", ", dupes)
                + ": the unique index " + NAME + " is not in force (adding a domain fails) until the extra rows "
                + "are removed and the daemon restarted";
    }

    private static boolean exists(Connection c, String relation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
