package com.asmm8.db;

import com.asmm8.util.ConfigurationError;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the database at start-up, waiting for an external server that does not answer yet (down,
 * restarting, not yet started by the orchestrator) with backoff: one log line per attempt, and
 * {@link #notOpenReason} for readiness and the HTTP server's 503s meanwhile. Started as a Camel
 * service after the HTTP server and before the routes (see OpsConfiguration), so the routes start
 * on an open database while /health and /ready already answer. Only connection failures are waited
 * for; a refused login, a missing database or a failed migration stops the start at once.
 */
public final class DatabaseStartup extends ServiceSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseStartup.class);
    /** Seconds between attempts: growing, then every 10 s (how late a returning server is noticed). */
    private static final long[] BACKOFF = {1, 2, 4, 8, 10};

    /** The pause (s) before attempt {@code attempt + 1} of a start-up wait: the database's, and the broker's. */
    public static long pauseSeconds(int attempt) {
        return BACKOFF[Math.min(attempt, BACKOFF.length - 1)];
    }

    private final Database.Settings settings;
    private final Duration limit;
    private final String where;
    private final List<Step> whenOpen = new CopyOnWriteArrayList<>();
    private final OpeningDataSource dataSource = new OpeningDataSource(this::notOpenReason);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Database database;
    private volatile String waiting;

    /** {@code limit}: how long to wait for the server in all (null: as long as it takes; zero: not at all). */
    /** The pool's meters (HikariCP's own Micrometer tracker) go to this registry once known; null: none. */
    private volatile Supplier<Object> meters = () -> null;

    public void meters(Supplier<Object> registry) {
        this.meters = registry;
    }

    public DatabaseStartup(Database.Settings settings, Duration limit) {
        this.settings = settings;
        this.limit = limit;
        this.where = "database at " + Database.display(settings.url());
        this.waiting = where + " not opened yet";
    }

    /** {@code asmm8.db.start-wait}: {@code forever}, or whole seconds (0: fail at once). */
    public static Duration limit(String setting) {
        String v = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("forever")) {
            return null;
        }
        try {
            long s = Long.parseLong(v);
            if (s >= 0) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigurationError("asmm8.db.start-wait (ASMM8_DB_START_WAIT) must be 'forever' or whole seconds, not '"
                + setting + "'");
    }

    /** The application's DataSource: the pool once open, refusing connections before. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The open database, once it is. */
    public Optional<Database> database() {
        return Optional.ofNullable(database);
    }

    /** Why the database is not open yet (what the last attempt met); null once open. */
    public String notOpenReason() {
        return database != null ? null : waiting;
    }

    /** Start-up work that needs the database. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} right after the database opens, before the routes start (start-up housekeeping). */
    public void whenOpen(Step step) {
        whenOpen.add(step);
    }

    @Override
    protected void doStart() throws Exception {
        Database db = open();
        database = db;
        dataSource.open(db.dataSource());
        for (Step step : whenOpen) {
            step.run();
        }
    }

    private Database open() throws Exception {
        // SIGTERM while waiting: Camel's hook waits for the start to end, so end the wait
        Thread hook = new Thread(stopping::countDown, "asmm8-database-wait");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return openWaiting();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook has run
            }
        }
    }

    private Database openWaiting() throws Exception {
        long start = System.nanoTime();
        for (int attempt = 0;; attempt++) {
            try {
                Database db = Database.open(settings, meters.get());
                if (attempt > 0) {
                    LOG.info("{} reachable after {} s: start-up goes on", where, seconds(start));
                }
                return db;
            } catch (Exception e) {
                String reason = unreachable(e);
                if (reason == null || settings.url() == null) {
                    throw e;
                }
                if (Duration.ZERO.equals(limit)) {
                    throw new IllegalStateException(where + " not reachable (" + reason + ")", e);
                }
                long pause = pauseSeconds(attempt);
                if (limit != null && seconds(start) + pause > limit.toSeconds()) {
                    throw new IllegalStateException(where + " still not reachable after " + seconds(start) + " s (" + reason
                            + "): giving up (asmm8.db.start-wait, ASMM8_DB_START_WAIT = " + limit.toSeconds() + " s)", e);
                }
                waiting = where + " not reachable (" + reason + "); retrying in " + pause + " s";
                LOG.warn(waiting);
                if (stopping.await(pause, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("stopped while waiting for the " + where + " (" + reason + ")");
                }
            }
        }
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }

    /**
     * The reason when {@code e} says the server could not be reached or is not accepting
     * connections yet (SQL states 08xxx, 57P01-57P03, 53300); null for any other failure.
     */
    static String unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || List.of("57P01", "57P02", "57P03", "53300").contains(state)) {
                    return brief(sql.getMessage());
                }
            }
        }
        return null;
    }

    /** The first sentence of a driver's message (the rest is advice on host names and TCP/IP). */
    public static String brief(String m) {
        if (m == null) {
            return "no reason given";
        }
        int dot = m.indexOf(". ");
        return dot > 0 ? m.substring(0, dot) : m.strip();
    }

    @Override
    protected void doStop() {
        stopping.countDown();
    }

    /** Closes the pool (and the embedded server) when Camel's registry closes. */
    @Override
    public void close() {
        stopping.countDown();
        Database db = database;
        if (db != null) {
            db.close();
        }
    }
}
