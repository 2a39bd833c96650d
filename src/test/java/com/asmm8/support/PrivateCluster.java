package com.asmm8.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own (never the machine's shared one), on a fixed loopback port
 * and data folder, so a test can stop it (an outage) and start it again with its data. Closing
 * it stops the server and removes its data.
 */
public final class PrivateCluster implements AutoCloseable {

    private final Path dir;
    private final int port;
    private EmbeddedPostgres pg;

    public PrivateCluster(Path dir) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        start();
    }

    /** Starts the server on its port and data folder (no-op when it runs). */
    public synchronized PrivateCluster start() throws IOException {
        if (pg == null) {
            pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
        }
        return this;
    }

    /** Stops the server (fast shutdown: open connections are cut, as in a real outage). */
    public synchronized void stop() throws IOException {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }

    public synchronized boolean isRunning() {
        return pg != null;
    }

    public int port() {
        return port;
    }

    /** JDBC URL of its {@code postgres} database (user postgres, no password). */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", null);
    }

    /** The rows of a query, each as a list of column values rendered with toString ("null" for null). */
    public java.util.List<java.util.List<String>> rows(String sql, Object... params) throws SQLException {
        try (Connection c = connect()) {
            return TestDatabase.rows(c, sql, params);
        }
    }

    /** The first column of the first row of a query, as a long. */
    public long count(String sql) throws SQLException {
        try (Connection c = connect(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
