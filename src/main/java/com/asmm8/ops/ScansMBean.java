package com.asmm8.ops;

/**
 * The ASMM8 MBean ({@code com.asmm8:type=Scans}): what is being scanned now, and scans started or
 * cancelled from jconsole, VisualVM or any JMX client.
 */
public interface ScansMBean {

    /** This daemon's node id (ASMM8_NODE_ID): the one on its scan runs and domain leases. */
    String getNode();

    /** One line per running scan: id, domain, type, phase, elapsed seconds, counts and node. */
    String[] getRunningScans();

    int getRunningScanCount();

    /** Starts a scan of a domain (added when absent); returns its id, or why it did not start. */
    String startScan(String domain, String type);

    /** Cancels a running scan of this process; true when it was running here. */
    boolean cancelScan(String id);
}
