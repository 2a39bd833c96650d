package com.asmm8.ops;

import com.asmm8.scan.ResolverUse;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanStatus;
import com.asmm8.scan.ScanType;
import com.asmm8.scan.ToolOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * ASMM8's own Prometheus metrics, in the registry that camel-micrometer-prometheus serves at
 * {@code /metrics} next to Camel's route and JVM metrics. Label values are bounded: scan types,
 * tool names and statuses are small fixed sets, and the domain label only ever holds root domains
 * of the inventory (never hostnames).
 */
public final class Asmm8Metrics implements ScanMetrics {

    private static final Duration[] DURATION_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6)};

    private final Supplier<MeterRegistry> source;
    private final Supplier<Number> runningScans;
    private final Path staging;
    private final String node;
    private final Supplier<Number> leasesHeld;
    private final Set<String> declaredTools = ConcurrentHashMap.newKeySet();
    private volatile Supplier<Collection<String>> toolNames = List::of;
    private volatile MeterRegistry registry;

    /**
     * @param source the registry to report to, asked for on first use: Camel's (served at
     *               /metrics) once camel-micrometer-prometheus has set it up
     */
    private final AtomicInteger dnsUsable = new AtomicInteger();
    private final AtomicInteger dnsDropped = new AtomicInteger();

    public Asmm8Metrics(Supplier<MeterRegistry> source, Supplier<Number> runningScans, Path staging) {
        this(source, runningScans, staging, null, () -> 0);
    }

    /**
     * @param node       this daemon's node id (ASMM8_NODE_ID): {@code asmm8_node_info{node}} and
     *                   {@code asmm8_leases_held{node}} say which daemon a scrape came from
     * @param leasesHeld the domain leases this node holds now
     */
    public Asmm8Metrics(Supplier<MeterRegistry> source, Supplier<Number> runningScans, Path staging, String node,
            Supplier<Number> leasesHeld) {
        this.source = source;
        this.runningScans = runningScans;
        this.staging = staging;
        this.node = node;
        this.leasesHeld = leasesHeld;
    }

    /** The names of the declared tools, whose series are made at 0 when the registry is set up. */
    public void declaredTools(Supplier<Collection<String>> names) {
        this.toolNames = names;
    }

    /** The registry, with the gauges and the zero series registered the first time it is asked for. */
    public MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    r = source.get();
                    Gauge.builder("asmm8.scans.running", runningScans).description("Scans running now").register(r);
                    Gauge.builder("asmm8.staging", () -> bytesUnder(staging)).baseUnit("bytes")
                            .description("Bytes of tool input and output staged on disk").register(r);
                    if (node != null) {
                        Gauge.builder("asmm8.node.info", () -> 1).tag("node", node)
                                .description("This daemon's node id (ASMM8_NODE_ID)").register(r);
                        Gauge.builder("asmm8.leases.held", leasesHeld).tag("node", node)
                                .description("Domain leases this node holds (domains queued or scanned here)").register(r);
                    }
                    // every series an alert or a panel reads exists from start, at 0: increase() over a
                    // series that first appears at 1 is 0, and a sum over no series is no value
                    for (ScanType type : ScanType.values()) {
                        for (ScanStatus status : ScanStatus.values()) {
                            scans(r, type.id(), status).increment(0);
                        }
                    }
                    registry = r;
                    toolNames.get().forEach(this::declareTool);
                    declareDns(r);
                }
                r = registry;
            }
        }
        return r;
    }

    @Override
    public void scanEnded(String type, String domain, ScanStatus status, Duration took) {
        Timer.builder("asmm8.scan.duration").description("Duration of scans")
                .tags("scan_type", type, "domain", domain)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry()).record(took);
        scans(registry(), type, status).increment();
    }

    private static Counter scans(MeterRegistry r, String type, ScanStatus status) {
        return Counter.builder("asmm8.scans").description("Scans ended, by final status")
                .tags("scan_type", type, "status", status.id()).register(r);
    }

    @Override
    public void dnsResolvers(ResolverUse use) {
        MeterRegistry r = registry();
        dnsUsable.set(use.total() - use.dropped());
        dnsDropped.set(use.dropped());
        questions(r, "answered").increment(use.answers());
        questions(r, "timeout").increment(use.timeouts());
        questions(r, "failed").increment(use.failures());
        for (String kind : ResolverUse.DROP_KINDS) {
            drops(r, kind).increment(use.droppedAs().getOrDefault(kind, 0));
        }
    }

    /** The DNS engine's series, at 0 from the start (so the alert rules see the first drop after a restart). */
    private void declareDns(MeterRegistry r) {
        Gauge.builder("asmm8.dns.resolvers", dnsUsable, AtomicInteger::get).description("Resolvers of the last DNS engine run, "
                + "kept or dropped").tag("state", "kept").register(r);
        Gauge.builder("asmm8.dns.resolvers", dnsDropped, AtomicInteger::get).description("Resolvers of the last DNS engine run, "
                + "kept or dropped").tag("state", "dropped").register(r);
        for (String outcome : List.of("answered", "timeout", "failed")) {
            questions(r, outcome).increment(0);
        }
        for (String kind : ResolverUse.DROP_KINDS) {
            drops(r, kind).increment(0);
        }
    }

    private static Counter drops(MeterRegistry r, String kind) {
        return Counter.builder("asmm8.dns.resolver.drops").description("Resolvers dropped from a run: liar, blind (cannot see the "
                + "domain), unanswered (the check), failing (rested too often)").tag("why", kind).register(r);
    }

    private static Counter questions(MeterRegistry r, String outcome) {
        return Counter.builder("asmm8.dns.resolver.questions").description("Questions the DNS engine sent to its resolvers, by "
                + "outcome (answered: NOERROR or NXDOMAIN; timeout; failed: SERVFAIL, REFUSED, other)").tag("outcome", outcome)
                .register(r);
    }

    /** The tool's series at 0, every outcome and kind, before its first run is counted. */
    void declareTool(String tool) {
        if (declaredTools.add(tool)) {
            for (String outcome : ToolOutcome.ALL) {
                toolRuns(tool, outcome).increment(0);
            }
            for (String kind : List.of("new", "seen")) {
                toolHostnames(tool, kind).increment(0);
            }
        }
    }

    private Counter toolRuns(String tool, String outcome) {
        return Counter.builder("asmm8.tool.runs").description("Tool runs by outcome (ok, failed, timeout, not_started, "
                + "interrupted, no_resolver)").tags("tool", tool, "outcome", outcome).register(registry());
    }

    private Counter toolHostnames(String tool, String kind) {
        return Counter.builder("asmm8.tool.hostnames").description("Hostnames reported by each tool over all domains (new, seen)")
                .tags("tool", tool, "kind", kind).register(registry());
    }

    @Override
    public void batchWritten(String domain, String source, int names, int inserted) {
        DistributionSummary.builder("asmm8.batch.size").description("Names per batch written")
                .serviceLevelObjectives(10, 100, 500, 1000, 5000).register(registry()).record(names);
        declareTool(source);
        toolHostnames(source, "new").increment(inserted);
        toolHostnames(source, "seen").increment(names - inserted);
        if (inserted > 0) {
            Counter.builder("asmm8.hostnames.found").description("Hostnames reported by tools")
                    .tags("domain", domain, "source", source, "kind", "new").register(registry()).increment(inserted);
        }
        if (names - inserted > 0) {
            Counter.builder("asmm8.hostnames.found").description("Hostnames reported by tools")
                    .tags("domain", domain, "source", source, "kind", "seen").register(registry()).increment(names - inserted);
        }
    }

    /** Times a database operation under {@code asmm8_db_operation_duration_seconds{operation}}. */
    @Override
    public <T> T db(String operation, DbWork<T> work) throws SQLException, IOException {
        long start = System.nanoTime();
        try {
            return work.call();
        } finally {
            db(operation, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public void db(String operation, Duration took) {
        Timer.builder("asmm8.db.operation.duration").description("Duration of database operations")
                .tags("operation", operation).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry()).record(took);
    }

    @Override
    public void toolRan(String tool, String outcome, Duration took, long lines, long rejected) {
        declareTool(tool);
        toolRuns(tool, outcome).increment();
        Timer.builder("asmm8.tool.duration").description("Duration of tool runs").tags("tool", tool)
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry()).record(took);
        Counter.builder("asmm8.tool.lines").description("Output lines read").tags("tool", tool, "result", "read")
                .register(registry()).increment(lines);
        Counter.builder("asmm8.tool.lines").description("Output lines read").tags("tool", tool, "result", "rejected")
                .register(registry()).increment(rejected);
    }

    private static double bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
