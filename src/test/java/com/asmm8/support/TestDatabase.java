package com.asmm8.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database on the PostgreSQL server of the machine ({@code ASMM8_TEST_PG}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres} as user postgres), dropped on close. Each test
 * class gets its own, so tests never see each other's rows.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String ADMIN = System.getenv().getOrDefault("ASMM8_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String USER = System.getenv().getOrDefault("ASMM8_TEST_PG_USER", "postgres");

    private final String name;
    private final String url;

    public TestDatabase() throws SQLException {
        name = "asmm8_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(ADMIN, USER, null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        url = ADMIN.substring(0, ADMIN.lastIndexOf('/') + 1) + name;
    }

    /** Applies ASMM8's migrations, as the daemon does at start. */
    public TestDatabase migrated() {
        com.asmm8.db.Database.migrate(dataSource());
        return this;
    }

    /** A data source on this database (a connection per call, no pool). */
    public org.postgresql.ds.PGSimpleDataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(USER);
        return ds;
    }

    public String url() {
        return url;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, USER, null);
    }

    /** Runs a statement (with parameters) and returns the number of rows changed. */
    public int update(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** The rows of a query, each as a list of column values rendered with toString ("null" for null). */
    public List<List<String>> rows(String sql, Object... params) throws SQLException {
        try (Connection c = connect()) {
            return rows(c, sql, params);
        }
    }

    /** {@link #rows(String, Object...)} on a connection of the caller's (another server's, say). */
    public static List<List<String>> rows(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<List<String>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(String.valueOf(rs.getObject(i)));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    /** The first column of each row. */
    public List<String> column(String sql, Object... params) throws SQLException {
        return rows(sql, params).stream().map(r -> r.get(0)).toList();
    }

    public String single(String sql, Object... params) throws SQLException {
        List<String> c = column(sql, params);
        if (c.size() != 1) {
            throw new AssertionError("expected one row from " + sql + ", got " + c);
        }
        return c.get(0);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN, USER, null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
