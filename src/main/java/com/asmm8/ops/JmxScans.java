package com.asmm8.ops;

import com.asmm8.scan.ActiveScans;
import com.asmm8.scan.ScanLifecycle;
import com.asmm8.scan.ScanQueue;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanType;
import java.util.UUID;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.support.service.ServiceSupport;

/**
 * This process's scans over JMX ({@value #NAME}): what is being scanned now, and scans started or
 * cancelled from jconsole, VisualVM or any JMX client. Its attributes and operations are
 * declared with Camel's management annotations and registered through the Camel context's
 * management agent (under this fixed name, the one users' consoles know) while Camel runs.
 */
@ManagedResource(description = "ASMM8 scans of this process")
public class JmxScans extends ServiceSupport {

    public static final String NAME = "com.asmm8:type=Scans";

    private final ActiveScans active;
    private final ScanQueue queue;
    private final String node;

    public JmxScans(CamelContext camel, ActiveScans active, ScanQueue queue, String node) {
        this.camel = camel;
        this.active = active;
        this.queue = queue;
        this.node = node;
    }

    @ManagedAttribute(description = "This daemon's node id (ASMM8_NODE_ID): the one on its scan runs and domain leases")
    public String getNode() {
        return node;
    }

    @ManagedAttribute(description = "One line per running scan: id, domain, type, phase, elapsed seconds, counts and node")
    public String[] getRunningScans() {
        return active.runs().stream().map(r -> describe(r) + (node == null ? "" : " node=" + node)).sorted()
                .toArray(String[]::new);
    }

    static String describe(ScanRun r) {
        long elapsed = (System.currentTimeMillis() - r.getStartedAt().getTime()) / 1000;
        return r.getId() + " " + r.getDomain() + " " + r.getTypeId() + " phase=" + (r.getPhase() == null ? "-" : r.getPhase().id())
                + " elapsed=" + elapsed + "s seen=" + r.getHostnamesSeen() + " new=" + r.getNewHostnames()
                + " liveChanges=" + r.getLiveChanges();
    }

    @ManagedAttribute(description = "Scans running in this process")
    public int getRunningScanCount() {
        return active.count();
    }

    @ManagedOperation(description = "Starts a scan of a domain (added when absent); returns its id, or why it did not start")
    public String startScan(String domain, String type) {
        try {
            ScanLifecycle.Started s = queue.enqueue(domain, ScanType.of(type));
            if (!s.isNew()) {
                return "not started: " + domain + " is already being scanned" + (s.id() == null ? "" : " (scan " + s.id() + ")");
            }
            return s.id().toString();
        } catch (IllegalArgumentException e) {
            return "not started: " + e.getMessage();
        } catch (Exception e) {
            return "not started: " + e;
        }
    }

    @ManagedOperation(description = "Cancels a running scan of this process; true when it was running here")
    public boolean cancelScan(String id) {
        try {
            return active.cancel(UUID.fromString(id.trim()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private final CamelContext camel;

    @Override
    protected void doStart() throws Exception {
        ManagementAgent agent = agent();
        ObjectName name = new ObjectName(NAME);
        if (agent == null) {
            return; // JMX off (camel.main.jmxEnabled=false)
        }
        if (agent.isRegistered(name)) {
            agent.unregister(name); // left by an earlier context of this JVM (tests)
        }
        agent.register(this, name);
    }

    @Override
    protected void doStop() throws Exception {
        ManagementAgent agent = agent();
        ObjectName name = new ObjectName(NAME);
        if (agent != null && agent.isRegistered(name)) {
            agent.unregister(name);
        }
    }

    private ManagementAgent agent() {
        return camel.getManagementStrategy() == null ? null : camel.getManagementStrategy().getManagementAgent();
    }
}
