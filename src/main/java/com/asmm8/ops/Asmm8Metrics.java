package com.asmm8.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * ASMM8's own Prometheus metrics, in the registry that camel-micrometer-prometheus serves at
 * {@code /metrics} next to Camel's route and JVM metrics. Label values are bounded: scan types,
 * tool names and statuses are small fixed sets, and the domain label only ever holds root domains
 * of the inventory (never hostnames).
 */
public final class Asmm8Metrics {

    private static final Duration[] DURATION_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
        Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6)};

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastScanEnd = new ConcurrentHashMap<>();

    public Asmm8Metrics(MeterRegistry registry, Supplier<Number> runningScans, Path staging) {
        this.registry = registry;
        Gauge.builder("asmm8.scans.running", runningScans).description("Scans running now").register(registry);
        Gauge.builder("asmm8.staging", () -> bytesUnder(staging)).baseUnit("bytes")
                .description("Bytes of tool input and output staged on disk").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A finished scan: its duration and final status. */
    public void scanEnded(String type, String domain, String status, Duration took) {
        Timer.builder("asmm8.scan.duration").description("Duration of scans")
                .tags("scan_type", type, "domain", domain)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry).record(took);
        Counter.builder("asmm8.scans").description("Scans ended, by final status")
                .tags("scan_type", type, "status", status).register(registry).increment();
        // when each domain was last scanned, for the "not scanned for longer than its schedule" alert
        lastScanEnd.computeIfAbsent(domain, d -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("asmm8.scan.last.end", v, AtomicLong::get).baseUnit("seconds")
                    .description("When the last scan of the domain ended (Unix time)")
                    .tags("domain", d).register(registry);
            return v;
        }).set(System.currentTimeMillis() / 1000);
    }

    /** One written batch: names found (new or seen again), by the tool that reported them. */
    public void batchWritten(String domain, String source, int names, int inserted) {
        DistributionSummary.builder("asmm8.batch.size").description("Names per batch written")
                .serviceLevelObjectives(10, 100, 500, 1000, 5000).register(registry).record(names);
        if (inserted > 0) {
            Counter.builder("asmm8.hostnames.found").description("Hostnames reported by tools")
                    .tags("domain", domain, "source", source, "kind", "new").register(registry).increment(inserted);
        }
        if (names - inserted > 0) {
            Counter.builder("asmm8.hostnames.found").description("Hostnames reported by tools")
                    .tags("domain", domain, "source", source, "kind", "seen").register(registry).increment(names - inserted);
        }
    }

    /** Times a database operation under {@code asmm8_db_operation_duration_seconds{operation}}. */
    public <T> T db(String operation, Callable<T> work) throws Exception {
        Timer t = Timer.builder("asmm8.db.operation.duration").description("Duration of database operations")
                .tags("operation", operation).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        long start = System.nanoTime();
        try {
            return work.call();
        } finally {
            t.record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** One tool run: exit code, duration, lines read and rejected. */
    public void toolRan(String tool, String exit, Duration took, long lines, long rejected) {
        Counter.builder("asmm8.tool.runs").description("Tool runs by exit code (timeout, not_started)")
                .tags("tool", tool, "exit_code", exit).register(registry).increment();
        Timer.builder("asmm8.tool.duration").description("Duration of tool runs").tags("tool", tool)
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry).record(took);
        Counter.builder("asmm8.tool.lines").description("Output lines read").tags("tool", tool, "result", "read")
                .register(registry).increment(lines);
        Counter.builder("asmm8.tool.lines").description("Output lines read").tags("tool", tool, "result", "rejected")
                .register(registry).increment(rejected);
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
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
