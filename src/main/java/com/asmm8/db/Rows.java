package com.asmm8.db;

import java.sql.Array;
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
import javax.sql.DataSource;
import org.postgresql.util.PGobject;

/**
 * Statements whose rows go out as JSON-ready maps (the HTTP API's shape): column label to value,
 * arrays as lists, timestamps as ISO-8601 strings, {@code jsonb} written as is.
 */
final class Rows {

    private final DataSource ds;

    Rows(DataSource ds) {
        this.ds = ds;
    }

    List<Map<String, Object>> list(String sql, Object... args) throws SQLException {
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

    /** The first row, if any. */
    Optional<Map<String, Object>> one(String sql, Object... args) throws SQLException {
        List<Map<String, Object>> l = list(sql, args);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** The rows changed. */
    int update(String sql, Object... args) throws SQLException {
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
            if (v instanceof Array a) {
                v = List.of((Object[]) a.getArray());
            } else if (v instanceof Timestamp t) {
                v = t.toInstant().toString();
            } else if (v instanceof PGobject pg && "jsonb".equals(pg.getType())) {
                v = new RawJson(pg.getValue());
            }
            m.put(md.getColumnLabel(i), v);
        }
        return m;
    }
}
