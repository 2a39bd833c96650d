package com.asmm8.dns;

import com.asmm8.scan.ResolverUse;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resolvers of one run and what each did. Questions go round-robin to the usable ones (not
 * dropped, not resting, under their own bound on questions in flight). A resolver that fails
 * {@code failStreak} questions in a row (beyond those still in flight to it) (time-out, SERVFAIL, REFUSED: what a rate-limited public
 * resolver does) rests, for {@code restMs} doubled at each rest; after {@code maxRests} rests it
 * is dropped for the run, unless it is the last one left. A liar (the health check) is dropped at
 * once. Its counters are the scan report's per-resolver lines.
 */
public final class ResolverPool {

    /** One resolver's state and counters. */
    public static final class Entry {
        final InetSocketAddress address;
        final AtomicLong questions = new AtomicLong();
        final AtomicLong answers = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicInteger rests = new AtomicInteger();
        final AtomicInteger streak = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile long restedUntil;
        volatile String dropped;

        Entry(InetSocketAddress address) {
            this.address = address;
        }

        public InetSocketAddress address() {
            return address;
        }

        boolean usable(long now, int maxInFlight) {
            return dropped == null && restedUntil - now <= 0 && (maxInFlight <= 0 || inFlight.get() < maxInFlight);
        }
    }

    /**
     * @param perResolverInFlight questions in flight to one resolver at most, 0 for no bound of its own
     * @param failStreak          failed questions in a row that rest a resolver
     * @param restMs              the first rest, doubled at each further one
     * @param maxRests            rests before a resolver is dropped for the run
     */
    public record Settings(int perResolverInFlight, int failStreak, long restMs, int maxRests) {
        public static final Settings DEFAULT = new Settings(0, 20, 2_000, 3);
    }

    private final Entry[] entries;
    private final Map<InetSocketAddress, Entry> byAddress = new LinkedHashMap<>();
    private final Settings settings;
    private final AtomicInteger cursor = new AtomicInteger();

    public ResolverPool(List<InetSocketAddress> servers, Settings settings) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no resolver");
        }
        for (InetSocketAddress s : servers) {
            byAddress.putIfAbsent(s, new Entry(s));
        }
        this.entries = byAddress.values().toArray(Entry[]::new);
        this.settings = settings;
    }

    /** The entry of a resolver of this pool. */
    public Entry entry(InetSocketAddress server) {
        Entry e = byAddress.get(server);
        if (e == null) {
            throw new IllegalArgumentException(server + " is not in the pool");
        }
        return e;
    }

    /**
     * The next resolver to ask: round-robin over the usable ones; when none is usable, the one
     * whose rest ends first (or the least busy), so a question is never lost to a pause; null when
     * every resolver is dropped.
     */
    public Entry pick() {
        long now = System.nanoTime();
        int n = entries.length;
        int start = Math.floorMod(cursor.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            Entry e = entries[(start + i) % n];
            if (e.usable(now, settings.perResolverInFlight())) {
                return e;
            }
        }
        Entry best = null;
        for (Entry e : entries) {
            if (e.dropped == null && (best == null || e.restedUntil < best.restedUntil
                    || e.restedUntil == best.restedUntil && e.inFlight.get() < best.inFlight.get())) {
                best = e;
            }
        }
        return best;
    }

    void sent(Entry e) {
        e.questions.incrementAndGet();
        e.inFlight.incrementAndGet();
    }

    /** Counts one answer (or its absence) and rests or drops a resolver that keeps failing. */
    void answered(Entry e, DnsAnswer a) {
        e.inFlight.decrementAndGet();
        if (a.status() == DnsAnswer.Status.NOERROR || a.status() == DnsAnswer.Status.NXDOMAIN) {
            e.answers.incrementAndGet();
            e.streak.set(0);
            return;
        }
        (a.status() == DnsAnswer.Status.TIMEOUT ? e.timeouts : e.failures).incrementAndGet();
        // the questions still in flight to it count on top: a hiccup (a pause, a burst lost on the
        // way) fails all of them at once, a rate limit or a dead resolver keeps failing after them
        if (e.streak.incrementAndGet() < settings.failStreak() + e.inFlight.get()) {
            return;
        }
        e.streak.set(0);
        int rests = e.rests.incrementAndGet();
        if (rests > settings.maxRests() && othersLeft(e)) {
            drop(e, "failed " + settings.failStreak() + " questions in a row after " + settings.maxRests() + " rests ("
                    + e.timeouts.get() + " time-outs, " + e.failures.get() + " SERVFAIL or REFUSED of " + e.questions.get()
                    + " questions)");
        } else {
            e.restedUntil = System.nanoTime() + settings.restMs() * 1_000_000L * (1L << Math.min(rests - 1, 10));
        }
    }

    private boolean othersLeft(Entry e) {
        for (Entry o : entries) {
            if (o != e && o.dropped == null) {
                return true;
            }
        }
        return false;
    }

    /** Drops a resolver for the run, with the reason (the first reason stays). */
    public void drop(InetSocketAddress server, String why) {
        drop(entry(server), why);
    }

    private static void drop(Entry e, String why) {
        synchronized (e) {
            if (e.dropped == null) {
                e.dropped = why;
            }
        }
    }

    /** The resolvers not dropped. */
    public List<InetSocketAddress> kept() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.dropped == null) {
                out.add(e.address);
            }
        }
        return out;
    }

    public List<InetSocketAddress> all() {
        return List.copyOf(byAddress.keySet());
    }

    /** Resolvers usable now (neither dropped nor resting): the progress line's "healthy". */
    public int healthy() {
        long now = System.nanoTime();
        int n = 0;
        for (Entry e : entries) {
            if (e.dropped == null && e.restedUntil - now <= 0) {
                n++;
            }
        }
        return n;
    }

    public int size() {
        return entries.length;
    }

    /**
     * The report: totals, and the per-resolver lines (the dropped ones first, then those that
     * failed most), at most {@link ResolverUse#SHOWN} of them.
     */
    public ResolverUse report() {
        List<ResolverUse.Line> out = new ArrayList<>(entries.length);
        long questions = 0;
        long answers = 0;
        long timeouts = 0;
        long failures = 0;
        Map<String, Integer> droppedAs = new TreeMap<>();
        for (Entry e : entries) {
            ResolverUse.Line line = new ResolverUse.Line(DnsEngine.hostPort(e.address), e.questions.get(), e.answers.get(),
                    e.timeouts.get(), e.failures.get(), e.rests.get(), e.dropped);
            out.add(line);
            questions += line.questions();
            answers += line.answers();
            timeouts += line.timeouts();
            failures += line.failures();
            if (line.dropped() != null) {
                droppedAs.merge(ResolverUse.kind(line.dropped()), 1, Integer::sum);
            }
        }
        out.sort(Comparator.comparing((ResolverUse.Line s) -> s.dropped() == null)
                .thenComparing(s -> -(s.timeouts() + s.failures())).thenComparing(ResolverUse.Line::resolver));
        int dropped = entries.length - kept().size();
        return new ResolverUse(entries.length, healthy(), dropped, questions, answers, timeouts, failures, droppedAs,
                out.size() > ResolverUse.SHOWN ? List.copyOf(out.subList(0, ResolverUse.SHOWN)) : out);
    }
}
