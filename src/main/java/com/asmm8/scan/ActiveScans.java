package com.asmm8.scan;

import com.asmm8.tool.ToolProcessExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scans of this process: the domains claimed (queued or being scanned) and the runs in
 * progress. Cancel and shutdown act on them: tools killed, remaining phases skipped.
 */
public class ActiveScans {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveScans.class);

    private final ToolProcessExecutor executor;
    /** Domains waiting in the scan queue or being scanned by this process. */
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final Map<UUID, ScanRun> runs = new ConcurrentHashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Told of every domain this process no longer has queued or running (its lease is given back). */
    private volatile Consumer<String> onRelease = d -> {
    };

    public ActiveScans(ToolProcessExecutor executor) {
        this.executor = executor;
    }

    /** Claims a domain for a scan; false when this process has it queued or running already. */
    public boolean claim(String domain) {
        return claimed.add(domain);
    }

    public void release(String domain) {
        if (claimed.remove(domain)) {
            onRelease.accept(domain);
        }
    }

    /** Sets what to do when a domain leaves this process (the leases give it back). */
    public void onRelease(Consumer<String> hook) {
        onRelease = hook;
    }

    /** Domains queued or being scanned by this process. */
    public int claimedCount() {
        return claimed.size();
    }

    /**
     * Another node holds the domain now (this process's lease expired and was claimed): its scan
     * here stops writing and is interrupted (tools killed, remaining phases skipped).
     */
    public void leaseLost(String domain, String why) {
        for (ScanRun run : runs.values()) {
            if (run.getDomain().equals(domain) && !run.isEndPending()) {
                LOG.warn("Scan {} of {}: {}; the scan stops here, its findings so far are kept", run.getId(), domain, why);
                run.loseLease(why);
                executor.killAll(run.getStaging().toString());
            }
        }
    }

    void started(ScanRun run) {
        runs.put(run.getId(), run);
    }

    /** The run has ended (and its end is recorded): it leaves the list and its domain is free again. */
    void ended(ScanRun run) {
        if (runs.remove(run.getId()) != null && claimed.remove(run.getDomain())) {
            onRelease.accept(run.getDomain());
        }
    }

    public List<ScanRun> runs() {
        return List.copyOf(runs.values());
    }

    public Optional<ScanRun> find(UUID id) {
        return Optional.ofNullable(runs.get(id));
    }

    public int count() {
        return runs.size();
    }

    /** Cancels a running scan of this process: its tool processes are killed and the remaining phases skipped. */
    public boolean cancel(UUID id) {
        ScanRun run = runs.get(id);
        if (run == null) {
            return false;
        }
        if (run.isEndPending()) {
            return true; // ended already; its record is written once the database answers
        }
        run.cancel();
        executor.killAll(run.getStaging().toString());
        return true;
    }

    /**
     * Shutdown: waits up to {@code grace} for the running scans to end, then interrupts the rest
     * (their tools are killed, their remaining phases skipped, their record says interrupted) and
     * waits up to {@code wind} for them to record that and remove their staging.
     */
    public void shutdown(Duration grace, Duration wind) {
        stopping();
        if (running() == 0) {
            return;
        }
        LOG.info("Shutting down: waiting up to {} s for {} running scans", grace.toSeconds(), running());
        awaitIdle(grace);
        if (running() > 0) {
            LOG.warn("Shutting down: interrupting {} scans still running after {} s", running(), grace.toSeconds());
            for (ScanRun run : runs.values()) {
                run.interrupt();
                executor.killAll(run.getStaging().toString());
            }
            awaitIdle(wind);
        }
        executor.killAll();
    }

    /**
     * A terminal's Ctrl-C or hang-up came: the tools, which run in process groups of their own and
     * so did not get it, are asked to stop (SIGTERM) as the terminal used to ask them.
     */
    public void terminalSignal() {
        stopping();
        int n = executor.terminateAll();
        if (n > 0) {
            LOG.info("Stopping: asked {} tool processes to stop", n);
        }
    }

    /** The process is stopping (a signal came, or the shutdown began). */
    public void stopping() {
        stopping.countDown();
    }

    /**
     * True once the process is shutting down: a tool that ends now may have been ended by the
     * same signal (passed on to it, or sent to it directly), so its work is not done.
     */
    public boolean isShuttingDown() {
        return stopping.getCount() == 0;
    }

    /**
     * True when the process is stopping, or starts to within {@code max}: a signal sent to a whole
     * process group may end a tool a moment before the JVM has noted it.
     */
    public boolean isShuttingDown(Duration max) {
        try {
            return stopping.await(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Runs still scanning; a run that has ended but waits for the database to record its end is
     * not waited for at shutdown (the next start marks its row).
     */
    private long running() {
        return runs.values().stream().filter(r -> !r.isEndPending()).count();
    }

    private void awaitIdle(Duration max) {
        long end = System.nanoTime() + max.toNanos();
        while (running() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
