package com.asmm8.db;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when the database is away: which errors are an outage (worth retrying: the server
 * is down, restarting, out of connections, or cut the connection) rather than a refusal of the
 * statement itself, and a retry loop with exponential backoff bounded by the outage setting
 * ({@code asmm8.db.outage-max}).
 */
public class DbRetry {

    private static final Logger LOG = LoggerFactory.getLogger(DbRetry.class);
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Duration outageMax;

    public DbRetry(Duration outageMax) {
        this.outageMax = outageMax;
    }

    /** How long writes are retried (and spooled) before what could not be written is given up. */
    public Duration outageMax() {
        return outageMax;
    }

    /**
     * The same backoff as Camel's redelivery policy, for a route that retries a statement while the
     * database is away (an onException with redeliveryPolicyRef): as many redeliveries as fit in the
     * outage bound.
     */
    public RedeliveryPolicy redeliveryPolicy() {
        int redeliveries = 0;
        for (long waited = 0; waited + backoffMs(redeliveries + 1) <= outageMax.toMillis(); redeliveries++) {
            waited += backoffMs(redeliveries + 1);
        }
        RedeliveryPolicy p = new RedeliveryPolicy();
        p.setMaximumRedeliveries(redeliveries);
        p.setRedeliveryDelay(FIRST_BACKOFF_MS);
        p.setUseExponentialBackOff(true);
        p.setBackOffMultiplier(2);
        p.setMaximumRedeliveryDelay(MAX_BACKOFF_MS);
        p.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        p.setLogRetryStackTrace(false);
        p.setLogExhausted(false); // the route's handler records why
        return p;
    }

    /** The pause before attempt {@code attempt} (1-based) after a failure: 0.5 s doubling, at most 30 s. */
    public static long backoffMs(int attempt) {
        return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt - 1, 16));
    }

    /**
     * True when {@code t} (or a cause) says the database could not be reached or dropped the
     * connection: SQL states of class 08 (connection), 57P01-57P03 (shutdown, cannot connect now),
     * 53300 (too many connections), 40001/40P01 (retry the transaction), and the JDBC transient
     * and recoverable exceptions (HikariCP's pool time-out among them).
     */
    public static boolean isOutage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientException || c instanceof SQLRecoverableException
                    || c instanceof ConnectException || c instanceof SocketException) {
                return true;
            }
            if (c instanceof SQLException s && s.getSQLState() != null) {
                String st = s.getSQLState();
                if (st.startsWith("08") || st.startsWith("57P0") || st.equals("53300") || st.equals("40001")
                        || st.equals("40P01")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs {@code call}, retrying it with backoff while it fails with an outage, for at most the
     * outage bound; other errors, and the last outage error once the bound is spent, are thrown.
     */
    public <T> T call(String what, Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + outageMax.toNanos();
        for (int attempt = 1;; attempt++) {
            try {
                T result = call.call();
                if (attempt > 1) {
                    LOG.info("The database is back: {} done after {} attempts", what, attempt);
                }
                return result;
            } catch (Exception e) {
                long pause = backoffMs(attempt);
                if (!isOutage(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
                LOG.warn("The database is unreachable ({}): {} retried in {} ms", e.getMessage(), what, pause);
                Thread.sleep(pause);
            }
        }
    }
}
