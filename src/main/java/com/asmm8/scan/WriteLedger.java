package com.asmm8.scan;

/**
 * What became of the names a scan handed to its batch writers: each is settled once its batch is
 * written, or lost (with the first reason) when it never can be. A phase and the scan end only
 * once every name handed over is settled, since batches may complete on the aggregator's time-out
 * thread or the spool's replay thread after the split that fed them returned.
 */
public final class WriteLedger {

    private long handedOver;
    private long settled;
    private long lost;
    private volatile String writeError;

    /** One more name handed to the batcher. */
    public synchronized void handedOver() {
        handedOver++;
    }

    /** Names whose batch was written (or that were handed over and will not be written by design). */
    public synchronized void settled(int names) {
        settled += names;
        notifyAll();
    }

    /** Names that will never be written, and why (the first reason is kept). */
    synchronized void lost(long names, String why) {
        settled += names;
        lost += names;
        if (writeError == null) {
            writeError = why;
        }
        notifyAll();
    }

    /** Names that could not be written. */
    public synchronized long lostNames() {
        return lost;
    }

    /** Why names could not be written (the first reason), or null when none was lost. */
    public String writeError() {
        return writeError;
    }

    /** Waits until every name handed over is settled. False on time-out. */
    public synchronized boolean awaitSettled(long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (settled < handedOver) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.min(left, 500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
