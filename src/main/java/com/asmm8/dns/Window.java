package com.asmm8.dns;

import java.util.concurrent.Semaphore;

/**
 * The bound on names in flight, adapting to loss as massdns's auto-concurrency and TCP's
 * congestion window do: it starts at the configured bound, grows by one name per window of
 * answers, and shrinks by a quarter when more than a tenth of the questions of the last period
 * ({@code coolNanos}) timed out (an overrun resolver or path drops much; a lossy line drops a few
 * percent, which the retries absorb at full speed), never below {@code min}. Callers take a slot with {@link #acquire()} and give it back with
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
    private long periodStart = System.nanoTime();
    private int periodAnswers;
    private int periodLost;
    /** The share of questions lost in a period above which the window shrinks. */
    private static final double LOSS_THRESHOLD = 0.10;

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
        periodAnswers++;
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

    /** A question timed out: at the end of a period that lost more than a tenth, the window shrinks by a quarter. */
    synchronized void lost() {
        periodLost++;
        long now = System.nanoTime();
        if (now - periodStart < coolNanos) {
            return;
        }
        boolean overrun = periodLost > LOSS_THRESHOLD * (periodLost + periodAnswers);
        periodStart = now;
        periodLost = 0;
        periodAnswers = 0;
        if (!overrun || limit <= min) {
            return;
        }
        size = Math.max(min, size * 0.75);
        int n = (int) size;
        if (n < limit) {
            slots.shrink(limit - n);
            limit = n;
        }
    }
}
