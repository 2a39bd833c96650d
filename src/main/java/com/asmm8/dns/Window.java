package com.asmm8.dns;

import java.util.concurrent.Semaphore;

/**
 * The bound on names in flight, adapting to loss as massdns's auto-concurrency and TCP's
 * congestion window do: it starts at the configured bound, grows by one name per window of
 * answers, and shrinks by a quarter when a question times out (at most once per {@code
 * coolNanos}, a round trip's worth, so one burst of losses counts once), never below
 * {@code min}. Callers take a slot with {@link #acquire()} and give it back with
 * {@link #release()}; {@link #drain()} waits until every slot taken is back.
 */
final class Window {

    /** A semaphore whose permits can be taken away (a smaller window): acquires wait until enough come back. */
    private static final class Slots extends Semaphore {
        Slots(int permits) {
            super(permits);
        }

        void shrink(int n) {
            reducePermits(n);
        }
    }

    private final int max;
    private final int min;
    private final long coolNanos;
    private final Slots slots;
    private int taken;
    private double size;
    private int limit;
    private long lastShrink;

    Window(int max, long coolNanos) {
        this.max = Math.max(1, max);
        this.min = Math.max(1, Math.min(this.max, 16));
        this.coolNanos = coolNanos;
        this.slots = new Slots(this.max);
        this.size = this.max;
        this.limit = this.max;
    }

    void acquire() throws InterruptedException {
        slots.acquire();
        synchronized (this) {
            taken++;
        }
    }

    void release() {
        slots.release();
        synchronized (this) {
            if (--taken == 0) {
                notifyAll();
            }
        }
    }

    int available() {
        return Math.max(0, slots.availablePermits());
    }

    /** The bound now. */
    synchronized int limit() {
        return limit;
    }

    /** Waits until every slot taken is given back. */
    synchronized void drain() throws InterruptedException {
        while (taken > 0) {
            wait();
        }
    }

    /** An answer came: the window grows by one name per window of answers, up to the configured bound. */
    synchronized void answered() {
        if (limit >= max) {
            return;
        }
        size = Math.min(max, size + 1.0 / size);
        int n = (int) size;
        if (n > limit) {
            slots.release(n - limit);
            limit = n;
        }
    }

    /** A question timed out: the window shrinks by a quarter, once per cool-down. */
    synchronized void lost() {
        long now = System.nanoTime();
        if (now - lastShrink < coolNanos || limit <= min) {
            return;
        }
        lastShrink = now;
        size = Math.max(min, size * 0.75);
        int n = (int) size;
        if (n < limit) {
            slots.shrink(limit - n);
            limit = n;
        }
    }
}
