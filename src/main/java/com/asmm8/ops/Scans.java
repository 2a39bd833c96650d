package com.asmm8.ops;

import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanService;
import com.asmm8.scan.ScanType;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;

/** {@link ScansMBean} over the scan service, registered on the platform MBean server while Camel runs. */
public class Scans extends ServiceSupport implements ScansMBean {

    public static final String NAME = "com.asmm8:type=Scans";

    private final ScanService scans;
    private final CamelContext camel;
    private ProducerTemplate template;

    public Scans(ScanService scans, CamelContext camel) {
        this.scans = scans;
        this.camel = camel;
    }

    @Override
    public String[] getRunningScans() {
        return scans.activeRuns().stream().map(Scans::describe).sorted().toArray(String[]::new);
    }

    static String describe(ScanRun r) {
        long elapsed = (System.currentTimeMillis() - r.getStartedAt().getTime()) / 1000;
        return r.getId() + " " + r.getDomain() + " " + r.getTypeId() + " phase=" + (r.getPhase() == null ? "-" : r.getPhase().id())
                + " elapsed=" + elapsed + "s seen=" + r.getHostnamesSeen() + " new=" + r.getNewHostnames()
                + " liveChanges=" + r.getLiveChanges();
    }

    @Override
    public int getRunningScanCount() {
        return scans.activeRuns().size();
    }

    @Override
    public String startScan(String domain, String type) {
        try {
            ScanService.Started s = scans.start(domain, ScanType.of(type));
            if (s.run() == null) {
                return "not started: " + domain + " is already being scanned" + (s.runningId() == null ? "" : " (scan " + s.runningId() + ")");
            }
            template.sendBody("seda:scan-queue", s.run());
            return s.run().getId().toString();
        } catch (IllegalArgumentException e) {
            return "not started: " + e.getMessage();
        } catch (Exception e) {
            return "not started: " + e;
        }
    }

    @Override
    public boolean cancelScan(String id) {
        try {
            return scans.cancel(UUID.fromString(id.trim()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    protected void doStart() throws Exception {
        template = camel.createProducerTemplate();
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
        if (template != null) {
            template.close();
        }
    }
}
