package com.asmm8;

import com.asmm8.db.Database;
import com.asmm8.db.DatabaseStartup;
import com.asmm8.db.DbRetry;
import com.asmm8.db.DomainRepository;
import com.asmm8.db.HostnameRepository;
import com.asmm8.db.LeadRepository;
import com.asmm8.db.LeaseRepository;
import com.asmm8.db.Owner;
import com.asmm8.db.QueuedScanRepository;
import com.asmm8.db.ScanRunRepository;
import com.asmm8.ingest.SpoolRecovery;
import com.asmm8.ops.Asmm8Metrics;
import com.asmm8.scan.ActiveScans;
import com.asmm8.scan.EndRecorder;
import com.asmm8.scan.Leases;
import com.asmm8.scan.OrphanSweep;
import com.asmm8.scan.PhaseInputs;
import com.asmm8.scan.PhaseSteps;
import com.asmm8.scan.RemoteCancels;
import com.asmm8.scan.ScanLifecycle;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanProgress;
import com.asmm8.scan.ScanQueue;
import com.asmm8.scan.Staging;
import com.asmm8.scan.StatisticsRefresh;
import com.asmm8.scan.ToolSteps;
import com.asmm8.tool.Resolvers;
import com.asmm8.tool.ToolCatalog;
import com.asmm8.tool.ToolCommand;
import com.asmm8.tool.ToolDefinition;
import com.asmm8.tool.ToolProcessExecutor;
import com.asmm8.tool.ToolSettings;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of the scan pipeline, one per method, named as the YAML routes call them, with their
 * settings injected from {@code config/application.properties} (whose values may come from
 * environment variables). Beans without a lifecycle are created when first looked up; the
 * database and the batch writers stop with Camel. {@link #configure}
 * does the start-up housekeeping. The ingest path's beans are in {@link IngestConfiguration}, the
 * built-in sources' and DNS engine's in {@link BuiltInToolsConfiguration}, the HTTP API's and the
 * operations' in {@link ApiConfiguration} and {@link OpsConfiguration}.
 */
public class Asmm8Configuration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(Asmm8Configuration.class);

    // ---------------------------------------------------------------- database

    /**
     * Opens the database when Camel starts (a service, started in the order OpsConfiguration
     * gives), waiting up to asmm8.db.start-wait for an external server that does not answer yet;
     * closes the pool (and the embedded server) when the registry closes.
     */
    @BindToRegistry(destroyMethod = "close")
    public DatabaseStartup databaseStartup(CamelContext camel, @PropertyInject("asmm8.db.url") String url,
            @PropertyInject("asmm8.db.user") String user,
            @PropertyInject("asmm8.db.password") String password,
            @PropertyInject("asmm8.db.embedded-dir") String embeddedDir,
            @PropertyInject(value = "asmm8.db.embedded-port", defaultValue = "0") int embeddedPort,
            @PropertyInject("asmm8.db.pool.max-size") int maxSize,
            @PropertyInject("asmm8.db.pool.min-idle") int minIdle,
            @PropertyInject("asmm8.db.pool.connection-timeout") long connectionTimeout,
            @PropertyInject("asmm8.db.pool.max-lifetime") long maxLifetime,
            @PropertyInject(value = "asmm8.db.start-wait", defaultValue = "forever") String startWait) {
        DatabaseStartup startup = new DatabaseStartup(new Database.Settings(blankToNull(url), blankToNull(user), blankToNull(password),
                Path.of(embeddedDir), maxSize, minIdle, connectionTimeout, maxLifetime, embeddedPort), DatabaseStartup.limit(startWait));
        // the pool's use on /metrics through HikariCP's own tracker, in Camel's registry
        startup.meters(() -> camel.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class));
        return startup;
    }

    /** The one JSON mapper (Jackson) of the daemon, shared by every class that reads or writes JSON. */
    @BindToRegistry(lazy = true)
    public ObjectMapper objectMapper() {
        return Json.MAPPER;
    }

    /** The pool once the database is open; before that it refuses connections, saying why. */
    @BindToRegistry(lazy = true)
    public DataSource dataSource(DatabaseStartup startup) {
        return startup.dataSource();
    }

    @BindToRegistry(lazy = true)
    public DomainRepository domains(DataSource dataSource) {
        return new DomainRepository(dataSource);
    }

    @BindToRegistry(lazy = true)
    public HostnameRepository hostnames(DataSource dataSource) {
        return new HostnameRepository(dataSource);
    }

    /** Takeover leads: the ones to announce, claimed one daemon at a time. */
    @BindToRegistry(lazy = true)
    public LeadRepository leads(DataSource dataSource) {
        return new LeadRepository(dataSource);
    }

    /** Scans asked for while a broker spreads the work: recorded queued until a daemon takes them. */
    @BindToRegistry(lazy = true)
    public QueuedScanRepository queuedScans(DataSource dataSource) {
        return new QueuedScanRepository(dataSource);
    }

    /** Scans of dead daemons marked interrupted (routes/10-poll.yaml, interrupt-orphans). */
    @BindToRegistry(lazy = true)
    public OrphanSweep orphanSweep(ScanRunRepository scanRuns, @PropertyInject(value = "asmm8.lease.ttl", defaultValue = "60") long ttl) {
        return new OrphanSweep(scanRuns, Duration.ofSeconds(ttl), System::nanoTime);
    }

    @BindToRegistry(lazy = true)
    public ScanRunRepository scanRuns(DataSource dataSource,
            @PropertyInject(value = "asmm8.node.id", defaultValue = "") String node) {
        return new ScanRunRepository(dataSource, node(node));
    }

    @BindToRegistry(lazy = true)
    public LeaseRepository leaseRepository(DataSource dataSource) {
        return new LeaseRepository(dataSource);
    }

    /**
     * The domain leases of this node (ASMM8_NODE_ID): claimed by the poll or for one scan, renewed
     * every third of asmm8.lease.ttl seconds while held (the renew-leases timer route).
     */
    @BindToRegistry(lazy = true)
    public Leases leases(LeaseRepository repo, ActiveScans active,
            @PropertyInject(value = "asmm8.node.id", defaultValue = "") String node,
            @PropertyInject(value = "asmm8.lease.ttl", defaultValue = "60") long ttlSeconds,
            @PropertyInject("asmm8.schedule.period") long periodMs) {
        return new Leases(repo, active, node(node), Duration.ofSeconds(ttlSeconds), Duration.ofMillis(periodMs));
    }

    /** ASMM8_NODE_ID, or host name and pid. */
    static String node(String configured) {
        String n = blankToNull(configured);
        return n != null ? n : Owner.NODE;
    }

    // ---------------------------------------------------------------- tools

    @BindToRegistry(lazy = true)
    public ToolCatalog tools(@PropertyInject("asmm8.tools.file") String file) {
        ToolCatalog catalog = new ToolCatalog(Path.of(file));
        catalog.init();
        return catalog;
    }

    @BindToRegistry(lazy = true)
    public ToolProcessExecutor toolExecutor() {
        return new ToolProcessExecutor();
    }

    @BindToRegistry(lazy = true)
    public ToolSettings toolSettings(@PropertyInject("asmm8.wordlist") String wordlist,
            @PropertyInject("asmm8.permutation-words") String permutationWords,
            @PropertyInject("asmm8.active.threads") int threads,
            @PropertyInject(value = "asmm8.resolvers", defaultValue = "") String resolvers,
            @PropertyInject(value = "asmm8.subfinder.config", defaultValue = "") String sfConfig,
            @PropertyInject(value = "asmm8.subfinder.providers", defaultValue = "") String sfProviders,
            @PropertyInject("asmm8.permutations-max") long permutationsMax,
            @PropertyInject(value = "asmm8.resolvers-file", defaultValue = "") String resolversFile) {
        return new ToolSettings(Path.of(wordlist), Path.of(permutationWords), threads, Resolvers.parse(blankToNull(resolvers)),
                blankToNull(sfConfig), blankToNull(sfProviders), permutationsMax,
                resolversFile.isBlank() ? null : Path.of(resolversFile.strip()).toAbsolutePath());
    }

    @BindToRegistry(lazy = true)
    public ToolCommand toolCommand(ToolSettings settings) {
        return new ToolCommand(settings);
    }

    @BindToRegistry(lazy = true)
    public Staging staging(@PropertyInject("asmm8.staging.dir") String dir) {
        return new Staging(Path.of(dir));
    }

    // ---------------------------------------------------------------- metrics

    /**
     * ASMM8's meters, in the registry camel-micrometer-prometheus serves at /metrics (looked up
     * when first used; a private one when metrics are off).
     */
    @BindToRegistry(lazy = true)
    public Asmm8Metrics scanMetrics(CamelContext camel, ActiveScans active, Staging staging, ToolCatalog tools,
            @PropertyInject(value = "asmm8.node.id", defaultValue = "") String node) {
        Asmm8Metrics metrics = new Asmm8Metrics(() -> Optional.ofNullable(camel.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class))
                .orElseGet(SimpleMeterRegistry::new), active::count, staging.root(), node(node), active::claimedCount);
        metrics.declaredTools(() -> tools.tools().stream().map(ToolDefinition::name).toList());
        return metrics;
    }

    // ---------------------------------------------------------------- scans

    @BindToRegistry(lazy = true)
    public ActiveScans activeScans(ToolProcessExecutor executor) {
        return new ActiveScans(executor);
    }

    /** Cancels asked for through another process, found by the remote-cancels route. */
    @BindToRegistry(lazy = true)
    public RemoteCancels remoteCancels(ScanRunRepository runs, ActiveScans active) {
        return new RemoteCancels(runs, active);
    }

    @BindToRegistry(lazy = true)
    public ScanProgress scanProgress(ScanRunRepository runs) {
        return new ScanProgress(runs);
    }

    /** Writes a scan's end, retried while the database is away (a thread of Camel's executor service manager). */
    @BindToRegistry(lazy = true)
    public EndRecorder endRecorder(CamelContext camel, ScanRunRepository runs, HostnameRepository hostnames,
            ActiveScans active, ScanMetrics metrics, DbRetry retry) {
        return new EndRecorder(runs, hostnames, active, metrics, retry,
                camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "scan-end"));
    }

    /** ANALYZE of the hostname table after a scan that changed many rows (routes/20-scan.yaml). */
    @BindToRegistry(lazy = true)
    public StatisticsRefresh statisticsRefresh(DataSource dataSource,
            @PropertyInject(value = "asmm8.db.analyze.min-rows", defaultValue = "10000") long minRows,
            @PropertyInject(value = "asmm8.db.analyze.fraction", defaultValue = "0.1") double fraction,
            @PropertyInject(value = "asmm8.db.analyze.floor-rows", defaultValue = "1000") long floorRows) {
        return new StatisticsRefresh(dataSource, minRows, fraction, floorRows);
    }

    @BindToRegistry(lazy = true)
    public ScanLifecycle scanLifecycle(DomainRepository domains, ScanRunRepository runs, Staging staging, ActiveScans active,
            ToolProcessExecutor executor, ScanMetrics metrics, EndRecorder ends, DbRetry retry,
            Leases leases, @PropertyInject("asmm8.batch.timeout") long batchTimeoutMs) {
        return new ScanLifecycle(domains, runs, staging, active, executor, metrics, ends, leases, batchTimeoutMs,
                retry.outageMax());
    }

    /** Hands scan requests to the enqueue-scan route (its producer template is injected by Camel). */
    @BindToRegistry(lazy = true, beanPostProcess = true)
    public ScanQueue scanQueue(ActiveScans active, ScanLifecycle lifecycle, Leases leases,
            @PropertyInject("asmm8.scan.parallelism") int parallelism) {
        return new ScanQueue(active, lifecycle, leases, parallelism);
    }

    @BindToRegistry(lazy = true)
    public PhaseSteps phaseSteps(ToolCatalog catalog, ScanProgress progress, ScanMetrics metrics, DbRetry retry,
            @PropertyInject("asmm8.batch.timeout") long batchTimeoutMs) {
        return new PhaseSteps(catalog, progress, metrics, batchTimeoutMs, retry.outageMax());
    }

    @BindToRegistry(lazy = true)
    public PhaseInputs phaseInputs(HostnameRepository hostnames, PhaseSteps phases, ScanMetrics metrics) {
        return new PhaseInputs(hostnames, phases, metrics);
    }

    @BindToRegistry(lazy = true)
    public ToolSteps toolSteps(ToolCommand command, @PropertyInject("asmm8.tool.max-line") int maxLine,
            ActiveScans active) {
        return new ToolSteps(command, maxLine, active);
    }

    // ---------------------------------------------------------------- start-up

    /**
     * Start-up housekeeping once the beans are bound: the tools file is loaded (a broken one stops
     * the start), the tools of scans whose process is gone (kill -9) are killed and their staging
     * removed (spools kept), old staging folders are swept, a missing wordlist is reported; once
     * the database is open (before the routes start), runs left {@code running} by a dead process
     * are marked interrupted and the spools of dead processes are written.
     */
    @Override
    public void configure(CamelContext ctx) throws Exception {
        var registry = ctx.getRegistry();
        var pc = ctx.getPropertiesComponent();
        registry.lookupByNameAndType("tools", ToolCatalog.class); // a broken tools file stops the start here
        String node = node(pc.resolveProperty("asmm8.node.id").orElse(""));
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext lc) {
            lc.putProperty("node", node); // in every JSON log line's context (ASMM8_LOG_FORMAT=json)
        }
        LOG.info("Node id {} (ASMM8_NODE_ID): on its scan runs, leases, logs and metrics", node);
        // first, needing no database: a dead process's tools may still be querying DNS and writing
        registry.lookupByNameAndType("staging", Staging.class).removeAbandoned();
        registry.findSingleByType(DatabaseStartup.class).whenOpen(() -> {
            registry.lookupByNameAndType("scanRuns", ScanRunRepository.class).interruptOrphans();
            registry.findSingleByType(SpoolRecovery.class).replayAll();
        });
        registry.lookupByNameAndType("staging", Staging.class)
                .sweep(Duration.ofHours(Long.parseLong(pc.resolveProperty("asmm8.staging.sweep-after-hours").orElse("24"))));
        ToolSettings settings = registry.findSingleByType(ToolSettings.class);
        if (!settings.wordlist().toFile().isFile()) {
            LOG.warn("Wordlist {} does not exist: brute-force tools will fail until it does (ASMM8_WORDLIST)", settings.wordlist());
        }
        // the gauges (running scans, staging bytes) are on /metrics from the start, not from the first scan
        ctx.addStartupListener((context, alreadyStarted) -> registry.findSingleByType(Asmm8Metrics.class).registry());
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
