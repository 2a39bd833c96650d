package com.asmm8.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: an external PostgreSQL when {@code ASMM8_DB_URL} is set, otherwise an embedded
 * PostgreSQL whose data lives under the working directory and survives restarts. Either way the
 * schema is brought up to date by Flyway before anything else touches it (through connections of
 * its own, never the pool's: a migration's callbacks may need more than the pool's size), and all
 * access goes through one HikariCP pool. {@link DatabaseStartup} waits for an external server that
 * is not there yet.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Settings of the pool and the embedded server (see {@code config/application.properties}). */
    public record Settings(String url, String user, String password, Path embeddedDir,
            int poolMax, int poolMinIdle, long connectionTimeoutMs, long maxLifetimeMs, int embeddedPort) {

        /** The embedded server on a free port. */
        public Settings(String url, String user, String password, Path embeddedDir,
                int poolMax, int poolMinIdle, long connectionTimeoutMs, long maxLifetimeMs) {
            this(url, user, password, embeddedDir, poolMax, poolMinIdle, connectionTimeoutMs, maxLifetimeMs, 0);
        }
    }

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final String url;
    private final String user;
    private final String password;

    private Database(EmbeddedPostgres embedded, HikariDataSource pool, String url, String user, String password) {
        this.embedded = embedded;
        this.pool = pool;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static Database open(Settings s) throws IOException {
        return open(s, null);
    }

    /**
     * {@code meterRegistry}: a Micrometer registry for HikariCP's own tracker ({@code hikaricp_connections_*}
     * of the pool {@code asmm8}), or null.
     */
    public static Database open(Settings s, Object meterRegistry) throws IOException {
        EmbeddedPostgres embedded = null;
        String url = s.url();
        String user = s.user();
        if (url == null || url.isBlank()) {
            Optional<Integer> running = runningEmbeddedPort(s.embeddedDir());
            if (running.isPresent()) {
                LOG.info("Embedded PostgreSQL in {} is already running (port {}): using it", s.embeddedDir(), running.get());
                url = "jdbc:postgresql://127.0.0.1:" + running.get() + "/postgres";
            } else {
                Files.createDirectories(s.embeddedDir());
                LOG.info("Starting embedded PostgreSQL with its data in {}", s.embeddedDir().toAbsolutePath());
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
                if (s.embeddedPort() > 0) {
                    builder.setPort(s.embeddedPort());
                }
                embedded = builder
                        .setDataDirectory(s.embeddedDir())
                        .setCleanDataDirectory(false)
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("synchronous_commit", "on") // the embedded default is off: an inventory must survive a crash
                        .start();
                url = "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres";
                LOG.info("Embedded PostgreSQL listens on 127.0.0.1:{} (psql -h 127.0.0.1 -p {} -U postgres)",
                        embedded.getPort(), embedded.getPort());
            }
            user = "postgres";
        }
        String pw = s.password() == null || s.password().isEmpty() ? null : s.password();
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("asmm8");
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        if (pw != null) {
            hc.setPassword(pw);
        }
        hc.setMaximumPoolSize(s.poolMax());
        hc.setMinimumIdle(s.poolMinIdle());
        hc.setConnectionTimeout(s.connectionTimeoutMs());
        hc.setMaxLifetime(s.maxLifetimeMs());
        if (meterRegistry instanceof MeterRegistry registry) {
            hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        HikariDataSource pool;
        try {
            migrate(direct(url, user, pw, 10));
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        return new Database(embedded, pool, url, user, pw);
    }

    /** Applies the versioned migrations in {@code db/migration}; safe on a database that has the original tables. */
    public static void migrate(DataSource ds) {
        var result = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .table("asmm8_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .callbacks(new ExistingDatabaseCallback())
                .load()
                .migrate();
        LOG.info("Schema up to date ({} migrations applied now)", result.migrationsExecuted);
    }

    /** The port of an embedded server already running on this data folder (for example the daemon's, seen from the CLI). */
    static Optional<Integer> runningEmbeddedPort(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> port);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Connections of their own, outside the pool, that give up after {@code timeoutSeconds} when the
     * server does not answer: for migrations and readiness checks (a full or stalled pool must not
     * make a check wait, nor a check take a scan's connection).
     */
    public DataSource direct(int timeoutSeconds) {
        return direct(url, user, password, timeoutSeconds);
    }

    static DataSource direct(String url, String user, String password, int timeoutSeconds) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(user);
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setConnectTimeout(timeoutSeconds);
        ds.setLoginTimeout(timeoutSeconds);
        return ds;
    }

    /** The server's address as logs and /ready show it: without parameters (they may hold a password). */
    public static String display(String url) {
        if (url == null) {
            return "embedded";
        }
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** This database's address as logs and /ready show it. */
    public String displayUrl() {
        return display(url);
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("Stopping embedded PostgreSQL: {}", e.getMessage());
            }
        }
    }
}
