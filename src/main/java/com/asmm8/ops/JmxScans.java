package com.asmm8.ops;

import com.asmm8.scan.ActiveScans;
import com.asmm8.scan.ScanLifecycle;
import com.asmm8.scan.ScanQueue;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanType;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.apache.camel.support.service.ServiceSupport;

/**
 * {@link ScansMBean}: this process's scans over JMX ({@value #NAME}), registered on the platform
 * MBean server while Camel runs.
 */
public class JmxScans extends ServiceSupport implements ScansMBean {

    public static final String NAME = "com.asmm8:type=Scans";

    private final ActiveScans active;
    private final ScanQueue queue;
    private final String node;

    public JmxScans(ActiveScans active, ScanQueue queue) {
        this(active, queue, null);
    }

    public JmxScans(ActiveScans active, ScanQueue queue, String node) {
        this.active = active;
        this.queue = queue;
        this.node = node;
    }

    @Override
    public String getNode() {
        return node;
    }

    @Override
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

    @Override
    public int getRunningScanCount() {
        return active.count();
    }

    @Override
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

    @Override
    public boolean cancelScan(String id) {
        try {
            return active.cancel(UUID.fromString(id.trim()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    protected void doStart() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(NAME);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name); // left by an earlier context of this JVM (tests)
        }
        server.registerMBean(new StandardMBean(this, ScansMBean.class), name);
    }

    @Override
    protected void doStop() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(NAME);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }
}
