package com.asmm8;

import com.asmm8.db.DbRetry;
import com.asmm8.db.DomainRepository;
import com.asmm8.db.InventoryWrites;
import com.asmm8.db.ScanRunRepository;
import com.asmm8.ingest.BatchWrites;
import com.asmm8.ingest.CandidateFilter;
import com.asmm8.ingest.HostnameBatchStrategy;
import com.asmm8.ingest.LiveFlags;
import com.asmm8.ingest.OutputLines;
import com.asmm8.ingest.SpoolRecovery;
import com.asmm8.ingest.Spooler;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.Staging;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * The beans of the ingest path (routes/40-ingest.yaml): line splitting, candidate filtering,
 * batching, the sinks, and what keeps batches through a database outage (retry, spool, replay,
 * and the replay of a dead process's spools at start-up). One per method, lazy, like
 * {@link Asmm8Configuration}'s.
 */
public class IngestConfiguration implements CamelConfiguration {

    // ---------------------------------------------------------------- ingest

    @BindToRegistry(lazy = true)
    public CandidateFilter candidates() {
        return new CandidateFilter();
    }

    @BindToRegistry(lazy = true)
    public HostnameBatchStrategy hostnameBatch() {
        return new HostnameBatchStrategy();
    }

    /**
     * The pool that writes completed batches: a few threads and a short queue; when both are full
     * the thread reading tool output writes the batch itself, which slows reading down to what the
     * database takes instead of piling batches up in memory.
     */
    @BindToRegistry
    public ExecutorService batchWriters(CamelContext camel, @PropertyInject("asmm8.batch.writers") int threads) {
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("batch-writer").poolSize(threads).maxPoolSize(threads)
                .maxQueueSize(threads * 2).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build();
        return camel.getExecutorServiceManager().newThreadPool(this, "batch-writer", profile);
    }

    /**
     * The threads of the run-tool multicast (routes/30-tools.yaml): the tool and the reader of its
     * output, for every scan that may run at once (two per scan slot). Camel's default pool (10
     * threads, then a queue) made the branches of a 6th scan wait for another scan's to end.
     */
    @BindToRegistry
    public ExecutorService toolBranches(CamelContext camel, @PropertyInject("asmm8.scan.parallelism") int parallelism) {
        int threads = 2 * Math.max(1, parallelism);
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "tool-branch", threads);
    }

    /** At start-up: the names a dead process spooled while the database was away are written. */
    @BindToRegistry(lazy = true)
    public SpoolRecovery spoolRecovery(Staging staging, ScanRunRepository runs, DomainRepository domains,
            InventoryWrites writes, @PropertyInject("asmm8.batch.size") int batchSize) {
        return new SpoolRecovery(staging, runs, domains, writes, batchSize);
    }

    /** Splits a tool's output into lines without reading ahead of the last one. */
    @BindToRegistry(lazy = true)
    public OutputLines outputLines() {
        return new OutputLines();
    }

    /** Retries while the database is away, for at most asmm8.db.outage-max seconds. */
    @BindToRegistry(lazy = true)
    public DbRetry dbRetry(@PropertyInject("asmm8.db.outage-max") long outageMaxSeconds) {
        return new DbRetry(Duration.ofSeconds(outageMaxSeconds));
    }

    /**
     * Batches that met an outage wait in their scan's staging folder and are replayed on one
     * thread of Camel's executor service manager, through the write route's statement.
     */
    @BindToRegistry(lazy = true)
    public Spooler spooler(CamelContext camel, DbRetry retry, @PropertyInject("asmm8.batch.size") int batchSize) {
        ProducerTemplate template = camel.createProducerTemplate();
        ScheduledExecutorService timer = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "spool-replay");
        return new Spooler(retry, batchSize, (run, kind, tool, names) -> {
            Exchange done = template.send(BatchWrites.STATEMENT_ROUTE, e -> BatchWrites.replayed(e, run, kind, tool, names));
            if (done.getException() != null) {
                throw done.getException();
            }
        }, timer);
    }

    /** Route-driven retries of a statement while the database is away (the end-check route, routes/45-write.yaml). */
    @BindToRegistry(lazy = true)
    public RedeliveryPolicy dbRedelivery(DbRetry retry) {
        return retry.redeliveryPolicy();
    }

    /** A scan's batch statements, fenced by its lease token. */
    @BindToRegistry(lazy = true)
    public InventoryWrites inventoryWrites(DataSource dataSource) {
        return new InventoryWrites(dataSource);
    }

    /** The steps of the write route around its jdbc: endpoint (routes/45-write.yaml). */
    @BindToRegistry(lazy = true)
    public BatchWrites batchWrites(InventoryWrites inventoryWrites, ScanMetrics metrics, Spooler spooler) {
        return new BatchWrites(inventoryWrites, metrics, spooler);
    }

    /** A check's end: the names that did not answer are marked not live. */
    @BindToRegistry(lazy = true)
    public LiveFlags liveFlags(InventoryWrites inventoryWrites, ScanMetrics metrics) {
        return new LiveFlags(inventoryWrites, metrics);
    }
}
