package com.asmm8;

import com.asmm8.amqp.WorkQueueDepth;
import com.asmm8.api.HttpGate;
import com.asmm8.db.DatabaseStartup;
import com.asmm8.db.InventoryViews;
import com.asmm8.db.LastScans;
import com.asmm8.db.LeadRepository;
import com.asmm8.ops.Asmm8Metrics;
import com.asmm8.ops.DatabaseHealthCheck;
import com.asmm8.ops.InventoryGauges;
import com.asmm8.ops.JmxScans;
import com.asmm8.ops.ScanShutdown;
import com.asmm8.ops.SchemaHealthCheck;
import com.asmm8.ops.ToolsHealthCheck;
import com.asmm8.scan.ActiveScans;
import com.asmm8.scan.ScanQueue;
import com.asmm8.tool.ToolCatalog;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.seda.SedaEndpoint;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Operations: readiness checks (found by Camel's health-check registry next to its routes check),
 * the JMX bean com.asmm8:type=Scans, and the graceful shutdown of running scans on SIGTERM.
 * Metrics are in {@link Asmm8Configuration} (the scan pipeline reports to them).
 */
public class OpsConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public DatabaseHealthCheck databaseHealthCheck(DatabaseStartup startup) {
        return new DatabaseHealthCheck(startup);
    }

    @BindToRegistry(lazy = true)
    public SchemaHealthCheck schemaHealthCheck(DatabaseStartup startup) {
        return new SchemaHealthCheck(startup);
    }

    @BindToRegistry(lazy = true)
    public ToolsHealthCheck toolsHealthCheck(ToolCatalog catalog) {
        return new ToolsHealthCheck(catalog);
    }

    /** Registered through Camel's management agent while Camel runs (a service of the context, see {@link #configure}). */
    @BindToRegistry(lazy = true)
    public JmxScans jmxScans(CamelContext camel, ActiveScans active, ScanQueue queue,
            @PropertyInject(value = "asmm8.node.id", defaultValue = "") String node) {
        return new JmxScans(camel, active, queue, Asmm8Configuration.node(node));
    }

    /** SIGTERM: running scans get the grace period, then are interrupted (tools killed, recorded, staging removed). */
    @BindToRegistry(lazy = true)
    public ScanShutdown scanShutdown(ActiveScans active, @PropertyInject("asmm8.shutdown.grace-seconds") long graceSeconds) {
        return new ScanShutdown(active, Duration.ofSeconds(graceSeconds));
    }

    /**
     * The gauges read from the database and the queues: last scan end per domain (routes/65-metrics.yaml
     * refreshes it), the schedule's period, the scans waiting in this process and on the work queue.
     */
    @BindToRegistry(lazy = true)
    public InventoryGauges inventoryGauges(CamelContext camel, DataSource dataSource, Asmm8Metrics scanMetrics,
            @PropertyInject("asmm8.schedule.period") long periodMs,
            @PropertyInject("asmm8.scan.queue") String queueUri,
            @PropertyInject(value = "asmm8.amqp.url", defaultValue = "") String amqpUrl,
            @PropertyInject("asmm8.amqp.work-queue") String workQueue) {
        Supplier<Number> waiting = () -> camel.getEndpoint(queueUri) instanceof SedaEndpoint seda ? seda.getCurrentQueueSize() : 0;
        WorkQueueDepth work = new WorkQueueDepth(amqpUrl.isBlank()
                ? null
                : camel.getRegistry().lookupByNameAndType("amqpConnectionFactory", ConnectionFactory.class), workQueue);
        return new InventoryGauges(new LastScans(dataSource), new LeadRepository(dataSource), new InventoryViews(dataSource),
                scanMetrics::registry, periodMs, waiting,
                work);
    }

    /**
     * The start-up order. These services start in this order, after the HTTP server (which Camel
     * Main adds first) and before the routes: the HTTP gate (503 JSON until the routes run; absent
     * without the API), the database (opened, waited for when it does not answer yet), the JMX
     * bean, the SIGTERM hook. They stop with the Camel context, in the reverse order.
     */
    @Override
    public void configure(CamelContext camelContext) throws Exception {
        for (Class<?> type : List.of(HttpGate.class, DatabaseStartup.class, JmxScans.class, ScanShutdown.class)) {
            Object service = camelContext.getRegistry().findSingleByType(type);
            if (service != null) {
                camelContext.addService(service, true, true);
            }
        }
    }
}
