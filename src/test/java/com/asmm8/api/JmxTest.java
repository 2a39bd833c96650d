package com.asmm8.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The routes and the ASMM8 MBean, through the platform MBean server as a JMX client sees them. */
class JmxTest extends ApiTestSupport {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @Test
    void routesAreVisibleWithStatisticsAndCanBeStoppedAndStarted() throws Exception {
        Set<ObjectName> routes = JMX.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        ObjectName scan = routes.stream().filter(n -> n.toString().contains("name=\"scan\"")).findFirst().orElseThrow(
                () -> new AssertionError("no MBean of route scan in " + routes));
        assertTrue(JMX.getAttribute(scan, "ExchangesTotal") instanceof Long);
        ObjectName poll = routes.stream().filter(n -> n.toString().contains("poll-enabled-domains")).findFirst().orElseThrow();
        assertEquals("Stopped", JMX.getAttribute(poll, "State"), "the schedule is disabled in this test");
        JMX.invoke(poll, "start", null, null);
        assertEquals("Started", JMX.getAttribute(poll, "State"));
        JMX.invoke(poll, "stop", null, null);
        assertEquals("Stopped", JMX.getAttribute(poll, "State"));
    }

    @Test
    void theAsmm8MBeanListsStartsAndCancelsScans() throws Exception {
        ObjectName name = new ObjectName("com.asmm8:type=Scans");
        String id = (String) JMX.invoke(name, "startScan", new Object[]{"jmx.example.com", "passive"},
                new String[]{String.class.getName(), String.class.getName()});
        assertEquals(36, id.length(), id);
        String[] running = (String[]) JMX.getAttribute(name, "RunningScans");
        assertEquals(1, running.length);
        assertTrue(running[0].startsWith(id + " jmx.example.com passive phase="), running[0]);
        // which daemon holds it (scale-out)
        assertTrue(running[0].endsWith(" node=" + com.asmm8.db.Owner.NODE), running[0]);
        assertEquals(com.asmm8.db.Owner.NODE, JMX.getAttribute(name, "Node"));

        String again = (String) JMX.invoke(name, "startScan", new Object[]{"jmx.example.com", "passive"},
                new String[]{String.class.getName(), String.class.getName()});
        assertTrue(again.startsWith("not started: jmx.example.com is already being scanned"), again);
        String bad = (String) JMX.invoke(name, "startScan", new Object[]{"$(id).com", "passive"},
                new String[]{String.class.getName(), String.class.getName()});
        assertTrue(bad.startsWith("not started: not a valid domain name"), bad);

        assertTrue((Boolean) JMX.invoke(name, "cancelScan", new Object[]{id}, new String[]{String.class.getName()}));
        for (int i = 0; i < 100 && (Integer) JMX.getAttribute(name, "RunningScanCount") > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, JMX.getAttribute(name, "RunningScanCount"));
        assertEquals("cancelled", db.single("SELECT status FROM asmm8_scan_run WHERE id = ?::uuid", id));
        assertFalse((Boolean) JMX.invoke(name, "cancelScan", new Object[]{id}, new String[]{String.class.getName()}));
    }

    /** Every readable attribute of every Camel and ASMM8 MBean, as a JMX console shows them: no API token in any. */
    @Test
    void noMBeanAttributeShowsASecret() throws Exception {
        int read = 0;
        for (String domain : new String[]{"org.apache.camel:*", "com.asmm8:*", "com.zaxxer.hikari:*"}) {
            for (ObjectName n : JMX.queryNames(new ObjectName(domain), null)) {
                for (javax.management.MBeanAttributeInfo a : JMX.getMBeanInfo(n).getAttributes()) {
                    if (!a.isReadable()) {
                        continue;
                    }
                    Object v;
                    try {
                        v = JMX.getAttribute(n, a.getName());
                    } catch (Exception e) {
                        continue; // an attribute its MBean cannot answer now
                    }
                    String text = v instanceof Object[] arr ? java.util.Arrays.deepToString(arr) : String.valueOf(v);
                    assertFalse(text.contains(TOKEN) || text.contains(OLD_TOKEN), n + " " + a.getName() + " = " + text);
                    read++;
                }
            }
        }
        assertTrue(read > 500, "read " + read + " attributes");
    }
}
