package com.asmm8;

import com.asmm8.ops.DatabaseHealthCheck;
import com.asmm8.ops.JmxScans;
import com.asmm8.ops.ScanShutdown;
import com.asmm8.ops.ToolsHealthCheck;
import com.asmm8.scan.ActiveScans;
import com.asmm8.scan.ScanQueue;
import com.asmm8.tool.ToolCatalog;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * Operations: readiness checks (found by Camel's health-check registry next to its routes check),
 * the JMX bean com.asmm8:type=Scans, and the graceful shutdown of running scans on SIGTERM.
 * Metrics are in {@link Asmm8Configuration} (the scan pipeline reports to them).
 */
public class OpsConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public DatabaseHealthCheck databaseHealthCheck(DataSource dataSource) {
        return new DatabaseHealthCheck(dataSource);
    }

    @BindToRegistry(lazy = true)
    public ToolsHealthCheck toolsHealthCheck(ToolCatalog catalog) {
        return new ToolsHealthCheck(catalog);
    }

    /** Registered on the platform MBean server while Camel runs (a service of the context, see {@link #configure}). */
    @BindToRegistry(lazy = true)
    public JmxScans jmxScans(ActiveScans active, ScanQueue queue) {
        return new JmxScans(active, queue);
    }

    /** SIGTERM: running scans get the grace period, then are interrupted (tools killed, recorded, staging removed). */
    @BindToRegistry(lazy = true)
    public ScanShutdown scanShutdown(ActiveScans active, @PropertyInject("asmm8.shutdown.grace-seconds") long graceSeconds) {
        return new ScanShutdown(active, Duration.ofSeconds(graceSeconds));
    }

    /** The JMX bean and the shutdown hook start and stop with the Camel context. */
    @Override
    public void configure(CamelContext camelContext) throws Exception {
        camelContext.addService(camelContext.getRegistry().findSingleByType(JmxScans.class), true, true);
        camelContext.addService(camelContext.getRegistry().findSingleByType(ScanShutdown.class), true, true);
    }
}
