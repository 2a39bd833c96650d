package com.asmm8.dns;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * How far a run has come through its input, for a checkpoint: the highest line such that it and
 * every line before it were answered (names are answered out of order, so it trails the lines
 * read by those still in flight). {@link #lagged} gives the mark as it was some seconds ago, by
 * when what those lines found has been written.
 */
public final class Watermark {

    private final ConcurrentSkipListSet<Long> open = new ConcurrentSkipListSet<>();
    private volatile long read;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    /** Line {@code n} is read and its question sent (register before the next line is read). */
    void opened(long n) {
        open.add(n);
        read = n;
    }

    /** Line {@code n} is read and needs no question (a comment, a bad line, a resumed one). */
    void passed(long n) {
        read = n;
    }

    void answered(long n) {
        open.remove(n);
    }

    /** Every line up to this one is answered. */
    public long mark() {
        long r = read;
        try {
            return Math.min(r, open.first() - 1);
        } catch (NoSuchElementException empty) {
            return r;
        }
    }

    /** The mark as it was at least {@code lagNanos} before {@code now} (0 before that much time has passed). */
    public synchronized long lagged(long now, long lagNanos) {
        samples.addLast(new long[]{now, mark()});
        long best = 0;
        while (!samples.isEmpty() && now - samples.peekFirst()[0] >= lagNanos) {
            best = samples.pollFirst()[1];
        }
        if (best > 0) {
            samples.addFirst(new long[]{now - lagNanos, best}); // still the answer until a younger sample is old enough
        }
        return best;
    }
}
