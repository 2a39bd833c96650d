package com.asmm8;

import com.asmm8.api.ApiAuth;
import com.asmm8.api.ApiRepository;
import com.asmm8.api.ApiService;
import com.asmm8.db.Database;
import com.asmm8.ops.Asmm8Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.asmm8.db.DomainRepository;
import com.asmm8.db.HostnameRepository;
import com.asmm8.db.ScanRunRepository;
import com.asmm8.scan.HostnameBatchStrategy;
import com.asmm8.scan.ScanService;
import com.asmm8.scan.Staging;
import com.asmm8.tool.Resolvers;
import com.asmm8.tool.ToolCatalog;
import com.asmm8.tool.ToolProcessExecutor;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the beans the YAML routes call, from {@code config/application.properties} (whose
 * values may come from environment variables), and binds them in the Camel registry:
 * {@code dataSource}, {@code scans}, {@code toolExecutor}, {@code hostnameBatch} and the
 * repositories. The database pool (and the embedded server) close when Camel stops.
 */
public class Asmm8Configuration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(Asmm8Configuration.class);

    @Override
    public void configure(CamelContext ctx) throws Exception {
        PropertiesComponent pc = ctx.getPropertiesComponent();
        Database db = Database.open(new Database.Settings(
                opt(pc, "asmm8.db.url"), opt(pc, "asmm8.db.user"), opt(pc, "asmm8.db.password"),
                Path.of(req(pc, "asmm8.db.embedded-dir")),
                Integer.parseInt(req(pc, "asmm8.db.pool.max-size")),
                Integer.parseInt(req(pc, "asmm8.db.pool.min-idle")),
                Long.parseLong(req(pc, "asmm8.db.pool.connection-timeout")),
                Long.parseLong(req(pc, "asmm8.db.pool.max-lifetime"))));
        ctx.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                db.close();
            }
        }, true, true);

        DomainRepository domains = new DomainRepository(db.dataSource());
        HostnameRepository hostnames = new HostnameRepository(db.dataSource());
        ScanRunRepository runs = new ScanRunRepository(db.dataSource());
        runs.interruptOrphans();

        ToolCatalog catalog = new ToolCatalog(Path.of(req(pc, "asmm8.tools.file")));
        catalog.init();
        ToolProcessExecutor executor = new ToolProcessExecutor();
        Staging staging = new Staging(Path.of(req(pc, "asmm8.staging.dir")));
        staging.sweep(Duration.ofHours(Long.parseLong(req(pc, "asmm8.staging.sweep-after-hours"))));

        Path wordlist = Path.of(req(pc, "asmm8.wordlist"));
        if (!wordlist.toFile().isFile()) {
            LOG.warn("Wordlist {} does not exist: brute-force tools will fail until it does (ASMM8_WORDLIST)", wordlist);
        }
        ScanService.ToolSettings settings = new ScanService.ToolSettings(wordlist,
                Path.of(req(pc, "asmm8.permutation-words")),
                Integer.parseInt(req(pc, "asmm8.active.threads")), Resolvers.parse(opt(pc, "asmm8.resolvers")));

        Registry r = ctx.getRegistry();
        r.bind("database", db);
        r.bind("dataSource", db.dataSource());
        r.bind("domains", domains);
        r.bind("hostnames", hostnames);
        r.bind("scanRuns", runs);
        r.bind("tools", catalog);
        r.bind("toolExecutor", executor);
        r.bind("staging", staging);
        r.bind("hostnameBatch", new HostnameBatchStrategy());
        r.bind("batchWriters", batchWriters(ctx, Integer.parseInt(req(pc, "asmm8.batch.writers"))));
        ScanService scans = new ScanService(domains, hostnames, runs, catalog, executor, staging, settings,
                Long.parseLong(req(pc, "asmm8.batch.timeout")));
        r.bind("scans", scans);
        // readiness: Camel's routes check plus ASMM8's database and tools checks, registered once
        // Camel's health-check registry is set up (after start)
        ctx.addStartupListener((context, alreadyStarted) -> {
            var health = org.apache.camel.health.HealthCheckRegistry.get(context);
            if (health == null) {
                return;
            }
            health.register(new com.asmm8.ops.Asmm8HealthChecks.Database(db.dataSource()));
            health.register(new com.asmm8.ops.Asmm8HealthChecks.Tools(catalog));
        });
        // SIGTERM: running scans get the grace period, then are interrupted (tools killed, recorded,
        // staging removed); Camel's own shutdown meanwhile stops the poll and waits for them
        java.time.Duration grace = java.time.Duration.ofSeconds(Long.parseLong(req(pc, "asmm8.shutdown.grace-seconds")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> scans.shutdown(grace, java.time.Duration.ofSeconds(30)),
                "asmm8-shutdown"));
        ctx.addService(new com.asmm8.ops.Scans(scans, ctx), true, true); // JMX: com.asmm8:type=Scans
        // ASMM8's meters go into the registry camel-micrometer-prometheus serves at /metrics, which
        // exists once Camel has started; without it (metrics disabled) into a private one
        ctx.addStartupListener((context, alreadyStarted) -> {
            MeterRegistry registry = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
            if (registry == null) {
                registry = new SimpleMeterRegistry();
            } else {
                new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
                new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
                new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(registry);
                new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
                new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
                @SuppressWarnings("resource") // closed with the JVM
                var gc = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();
                gc.bindTo(registry);
            }
            Asmm8Metrics metrics = new Asmm8Metrics(registry, () -> scans.activeRuns().size(), staging.root());
            scans.setMetrics(metrics);
            context.getRegistry().bind("asmm8Metrics", metrics);
        });
        r.bind("candidates", scans.candidates());
        ApiAuth auth = new ApiAuth(opt(pc, "asmm8.api.tokens"));
        if (!auth.hasTokens()) {
            LOG.warn("No ASMM8_API_TOKEN: the HTTP API is open to anyone who can reach 127.0.0.1");
        }
        r.bind("api", new ApiService(new ApiRepository(db.dataSource()), scans, auth, ctx, db.dataSource()));
    }

    /**
     * The pool that writes completed batches: a few threads and a short queue; when both are full
     * the thread reading tool output writes the batch itself, which slows reading down to what the
     * database takes instead of piling batches up in memory.
     */
    private static java.util.concurrent.ExecutorService batchWriters(CamelContext ctx, int threads) throws Exception {
        var pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 60, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(threads * 2),
                r -> {
                    Thread t = new Thread(r, "asmm8-batch-writer");
                    t.setDaemon(true);
                    return t;
                },
                new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
        ctx.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                pool.shutdown();
            }
        }, true, true);
        return pool;
    }

    private static String opt(PropertiesComponent pc, String key) {
        return pc.resolveProperty(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    }

    private static String req(PropertiesComponent pc, String key) {
        String v = opt(pc, key);
        if (v == null) {
            throw new IllegalArgumentException("configuration key " + key + " has no value");
        }
        return v;
    }
}
