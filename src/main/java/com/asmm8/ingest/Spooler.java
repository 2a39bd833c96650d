package com.asmm8.ingest;

import com.asmm8.db.DbRetry;
import com.asmm8.db.FencedOut;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRun;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps a scan's batches while the database is away, and writes them once it is back. A batch
 * whose write meets an outage goes to the scan's {@link Spool} (its staging folder), and so does
 * every later batch of that scan until the spool is empty, so the tool and the reading of its
 * output go on untouched. One replay thread retries each spool with backoff; a spool that still
 * cannot be written after {@code asmm8.db.outage-max} is given up, and its names are counted as
 * lost with the reason (they are never silently dropped).
 */
public class Spooler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spooler.class);

    private static final class State {
        final ScanRun run;
        final Spool spool;
        long outageStart = System.nanoTime();
        int attempts;
        boolean closed;
        String lastError;

        State(ScanRun run) {
            this.run = run;
            this.spool = new Spool(run.getStaging());
        }
    }

    /** Writes one spooled batch: the write route's statement, run again (throws what it met). */
    @FunctionalInterface
    public interface Replay {
        void write(ScanRun run, String kind, String tool, List<String> names) throws Exception;
    }

    private final DbRetry retry;
    private final int batchSize;
    private final Replay replay;
    private final Map<UUID, State> spools = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    /** @param timer the one replay thread (from Camel's ExecutorServiceManager) */
    public Spooler(DbRetry retry, int batchSize, Replay replay, ScheduledExecutorService timer) {
        this.retry = retry;
        this.batchSize = batchSize;
        this.replay = replay;
        this.timer = timer;
    }

    /** True while the scan has batches waiting on disk: later batches queue behind them. */
    public boolean isSpooling(ScanRun run) {
        return spools.containsKey(run.getId());
    }

    /** Names of the scan waiting on disk for the database. */
    public long pending(ScanRun run) {
        State s = spools.get(run.getId());
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.spool.pending();
        }
    }

    /**
     * Keeps a batch on disk until the database takes it. {@code cause} is the outage the batch
     * met, or null when it queues behind batches already spooled.
     */
    public void spool(ScanRun run, String kind, String tool, List<String> names, Exception cause) throws IOException {
        while (true) {
            State s = spools.computeIfAbsent(run.getId(), k -> new State(run));
            synchronized (s) {
                if (s.closed) {
                    continue; // emptied and removed meanwhile: start a new one
                }
                boolean first = s.spool.pending() == 0 && s.attempts == 0;
                s.spool.append(kind, tool, names);
                if (cause != null) {
                    s.lastError = cause.getMessage();
                }
                if (first) {
                    MDC.put(ScanExchange.MDC_SCAN_ID, run.getId().toString());
                    LOG.warn("Scan {} of {}: the database is unreachable ({}): batches are kept in {} and written when it "
                            + "is back (for at most {} s)", run.getId(), run.getDomain(), s.lastError, run.getStaging(),
                            retry.outageMax().toSeconds());
                    schedule(s);
                }
                return;
            }
        }
    }

    private void schedule(State s) {
        s.attempts++;
        timer.schedule(() -> replay(s), DbRetry.backoffMs(s.attempts), TimeUnit.MILLISECONDS);
    }

    /** Writes what a spool holds, oldest first, until it is empty, the database fails again, or the bound is spent. */
    void replay(State s) {
        MDC.put(ScanExchange.MDC_SCAN_ID, s.run.getId().toString());
        long written = 0;
        while (true) {
            Spool.Batch b;
            synchronized (s) {
                try {
                    b = s.spool.peek(batchSize);
                } catch (IOException e) {
                    giveUp(s, "reading the spool failed: " + e.getMessage());
                    return;
                }
                if (b == null) {
                    s.closed = true;
                    spools.remove(s.run.getId(), s);
                    return;
                }
            }
            try {
                replay.write(s.run, b.kind(), b.tool(), b.names());
                written += b.names().size();
                boolean empty;
                synchronized (s) {
                    s.spool.consumed(b);
                    s.attempts = 0;
                    s.outageStart = System.nanoTime();
                    empty = s.spool.pending() == 0;
                    if (empty) {
                        removeFiles(s);
                        s.closed = true;
                        spools.remove(s.run.getId(), s);
                    }
                }
                s.run.writes().settled(b.names().size());
                if (empty) {
                    LOG.info("Scan {} of {}: the database is back; every spooled name is written ({} now)",
                            s.run.getId(), s.run.getDomain(), written);
                    return;
                }
            } catch (Exception e) {
                synchronized (s) {
                    s.lastError = e.getMessage();
                    if (e instanceof FencedOut) { // another node holds the domain now: nothing of this spool is written
                        s.run.loseLease(e.getMessage());
                        giveUp(s, "not written: " + e.getMessage());
                        return;
                    }
                    if (!DbRetry.isOutage(e)) {
                        s.spool.consumed(b); // this batch is refused, not the database away: only it is lost
                        s.run.lost(b.names().size(), "a batch write failed: " + e.getMessage());
                        continue;
                    }
                    if (System.nanoTime() - s.outageStart < retry.outageMax().toNanos()) {
                        schedule(s);
                        return;
                    }
                    giveUp(s, "the database was unreachable for more than " + retry.outageMax().toSeconds()
                            + " s (" + e.getMessage() + ")");
                    return;
                }
            }
        }
    }

    /** Removes the files of a spool read to its end. */
    private static void removeFiles(State s) {
        try {
            s.spool.dropAll();
        } catch (IOException e) {
            LOG.warn("Scan {}: removing its empty spool failed: {}", s.run.getId(), e.getMessage());
        }
    }

    private void giveUp(State s, String why) {
        long lost;
        try {
            lost = s.spool.dropAll();
        } catch (IOException e) {
            lost = s.spool.pending();
        }
        s.closed = true;
        spools.remove(s.run.getId(), s);
        LOG.error("Scan {} of {}: {} spooled names could not be written: {}", s.run.getId(), s.run.getDomain(), lost, why);
        s.run.lost(lost, why);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
