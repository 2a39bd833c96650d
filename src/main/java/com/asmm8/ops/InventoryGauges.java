package com.asmm8.ops;

import com.asmm8.db.InventoryViews;
import com.asmm8.db.LastScans;
import com.asmm8.db.LeadRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from the database or from queues rather than counted in this process:
 * {@code asmm8_scan_last_end_seconds{domain}} (refreshed by the route of routes/65-metrics.yaml
 * and at the end of each scan; every daemon on one database exports the same values, so rules
 * take {@code max by (domain)}), {@code asmm8_takeover_leads{domain}} (current takeover leads,
 * refreshed alike), {@code asmm8_source_unique_names{source}} (names of the last 30 days
 * only that source found), the schedule's period, and the scans waiting.
 */
public final class InventoryGauges {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryGauges.class);

    private final LastScans lastScans;
    private final LeadRepository leads;
    private final InventoryViews views;
    private final Supplier<MeterRegistry> registry;
    private final long periodSeconds;
    private final Supplier<Number> processQueue;
    private final Supplier<Number> workQueue;
    private volatile MultiGauge lastEnd;
    private volatile MultiGauge leadCount;
    private volatile MultiGauge sourceUnique;

    /**
     * @param processQueue scans waiting on this daemon's own scan queue
     * @param workQueue    work items waiting on the broker's work queue (NaN without a broker)
     */
    public InventoryGauges(LastScans lastScans, LeadRepository leads, InventoryViews views, Supplier<MeterRegistry> registry,
            long periodMs, Supplier<Number> processQueue, Supplier<Number> workQueue) {
        this.lastScans = lastScans;
        this.leads = leads;
        this.views = views;
        this.registry = registry;
        this.periodSeconds = periodMs / 1000;
        this.processQueue = processQueue;
        this.workQueue = workQueue;
    }

    private synchronized MultiGauge lastEnd() {
        if (lastEnd == null) {
            MeterRegistry r = registry.get();
            lastEnd = MultiGauge.builder("asmm8.scan.last.end").baseUnit("seconds")
                    .description("When the domain's last scan ended (Unix time), from the scan records").register(r);
            leadCount = MultiGauge.builder("asmm8.takeover.leads")
                    .description("The domain's current takeover leads (CNAMEs whose chain ends in a name that does not exist)").register(r);
            sourceUnique = MultiGauge.builder("asmm8.source.unique.names")
                    .description("Names seen in the last 30 days that only this source (or tool) found").register(r);
            Gauge.builder("asmm8.schedule.period", () -> periodSeconds).baseUnit("seconds")
                    .description("How often each enabled domain is due (asmm8.schedule.period)").register(r);
            Gauge.builder("asmm8.scan.queue.length", processQueue).tag("queue", "process")
                    .description("Scans waiting: on this daemon's scan queue (process), on the broker's work queue (work)").register(r);
            Gauge.builder("asmm8.scan.queue.length", workQueue).tag("queue", "work")
                    .description("Scans waiting: on this daemon's scan queue (process), on the broker's work queue (work)").register(r);
        }
        return lastEnd;
    }

    /** Reads the last scan times again (a timer route calls it, and the end of every scan). */
    public void refresh() {
        MultiGauge gauge = lastEnd();
        try {
            Map<String, Double> ended = lastScans.endedAt();
            gauge.register(rows(ended), true);
            leadCount.register(rows(leads.currentByDomain()), true);
            Map<String, Double> unique = new java.util.LinkedHashMap<>();
            for (Map<String, Object> w : views.sourceWorth(
                    java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(30))),
                    null)) {
                unique.put(String.valueOf(w.get("source")), ((Number) w.get("unique")).doubleValue());
            }
            sourceUnique.register(unique.entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("source", e.getKey()), e.getValue())).<MultiGauge.Row<?>>map(x -> x).toList(),
                    true);
        } catch (SQLException | RuntimeException e) {
            // the last values stay; the database outage has its own alerts and readiness
            LOG.debug("Last scan times not refreshed: {}", e.getMessage());
        }
    }

    private static List<MultiGauge.Row<?>> rows(Map<String, Double> byDomain) {
        return byDomain.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("domain", e.getKey()), e.getValue())).<MultiGauge.Row<?>>map(r -> r).toList();
    }
}
