package com.asmm8.dns;

import com.asmm8.hostname.Finding;
import com.asmm8.hostname.HostnameNormalizer;
import io.netty.handler.codec.dns.DnsRecordType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in resolution engine: checks the resolvers, then resolves a stream of names with a
 * bounded number in flight and writes each one that exists (A, AAAA or CNAME records, not only
 * through its parent's wildcard) as a line. A name is asked for A first, and for AAAA when it has
 * no A record (an AAAA-only name is a host; an empty non-terminal is not).
 */
public final class DnsEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DnsEngine.class);

    /** Counters of one run, read by the progress writer while it runs. */
    public static final class Counters {
        public final AtomicLong done = new AtomicLong();
        public final AtomicLong found = new AtomicLong();
        public final AtomicLong wildcard = new AtomicLong();
        public final AtomicLong unresolved = new AtomicLong();
        /** Names the pool found that the trusted resolvers did not confirm: never stored. */
        public final AtomicLong unconfirmed = new AtomicLong();
        /** Lines up to this one are not asked: the run this one resumes asked them. */
        public volatile long resumeAfter;
        /** Words not asked because the run this one resumes asked them. */
        public final AtomicLong resumed = new AtomicLong();
        /** How far the run has come through its input (the checkpoint). */
        public final Watermark watermark = new Watermark();
        /** The run's resolvers, once checked (the progress shows how many are healthy). */
        public volatile ResolverPool pool;
        /** Lines that are no DNS name (too long a label, spaces, {@code *}, ...): skipped, never asked. */
        public final AtomicLong skipped = new AtomicLong();
        /** The numbers of the first skipped lines (at most {@link #SKIPPED_SHOWN}). */
        public final List<Long> skippedLines = new ArrayList<>();

        public static final int SKIPPED_SHOWN = 10;

        void skip(long line) {
            if (skipped.incrementAndGet() <= SKIPPED_SHOWN) {
                synchronized (skippedLines) {
                    skippedLines.add(line);
                }
            }
        }
    }

    /** The phase cannot run: no resolver passed the health check. */
    public static final class NoResolverException extends Exception {
        public NoResolverException(String message) {
            super(message);
        }
    }

    /**
     * @param probes      random labels asked under each parent for wildcard detection
     * @param reprobes    further probes of a rotating wildcard before a candidate is judged
     * @param pool        how the resolvers of a run rest and drop
     * @param trustedRate queries per second to each trusted resolver
     */
    public record Settings(DnsClient.Settings client, int probes, int reprobes, ResolverPool.Settings pool, int trustedRate) {
        public Settings(DnsClient.Settings client, int probes, int reprobes) {
            this(client, probes, reprobes, ResolverPool.Settings.DEFAULT, 100);
        }

        /** The trusted resolvers' client settings: the run's, at their own modest rate. */
        DnsClient.Settings trustedClient() {
            return new DnsClient.Settings(client.timeoutMs(), client.attempts(), client.backoffMs(), client.maxInFlight(),
                    trustedRate);
        }
    }

    private final Settings settings;
    private final Takeovers takeovers;

    public Settings settings() {
        return settings;
    }

    public DnsEngine(Settings settings) {
        this(settings, null);
    }

    /** @param takeovers judges each host's CNAME chain for a takeover lead (null: no leads) */
    public DnsEngine(Settings settings, Takeovers takeovers) {
        this.settings = settings;
        this.takeovers = takeovers;
    }

    /**
     * Resolves every name {@code names} yields, writing the real ones to {@code out}.
     *
     * @param resolvers  the pool the questions spread over
     * @param trusted    the resolvers that confirm each find before it is written (empty: none)
     * @param shared     the scan's wildcard cache (shared with the wildcard filter), or null for one of this run's
     * @param healthName the scan's domain, which the resolvers must see
     * @param suffix     appended to each line (a word list under the domain), or null (a list of names)
     * @param stop       true when the run must end early (cancel, shutdown, time-out)
     * @param tick       called now and then with the counters (progress)
     * @return the counters and the wildcard parents found
     */
    public Result run(List<InetSocketAddress> resolvers, List<InetSocketAddress> trusted, Wildcards shared, String healthName,
            BufferedReader names, String suffix, Writer out, Counters counters, BooleanSupplier stop,
            Consumer<Counters> tick) throws IOException, InterruptedException, NoResolverException {
        try (DnsClient client = new DnsClient(new ResolverPool(resolvers, settings.pool()), settings.client());
                DnsClient confirm = trusted.isEmpty() ? null : new DnsClient(trusted, settings.trustedClient())) {
            ResolverCheck.healthy(client, healthName, confirm);
            counters.pool = client.pool();
            Wildcards wildcards = shared != null ? shared : new Wildcards(client, settings.probes(), settings.reprobes());
            long lastTick = System.nanoTime();
            long lastFlush = lastTick;
            String line;
            long lineNo = 0;
            Watermark mark = counters.watermark;
            List<Runnable> batch = new ArrayList<>(BATCH);
            while ((line = names.readLine()) != null && !stop.getAsBoolean()) {
                long n = ++lineNo;
                String word = line.strip();
                if (word.isEmpty() || word.startsWith("#")) {
                    mark.passed(n);
                    continue;
                }
                if (n <= counters.resumeAfter) {
                    counters.resumed.incrementAndGet(); // asked by the run this one resumes
                    counters.done.incrementAndGet();
                    mark.passed(n);
                    continue;
                }
                String name = name(word, suffix);
                if (name == null) {
                    counters.skip(lineNo); // a wordlist is user input: a bad line is counted, never fatal
                    mark.passed(n);
                    continue;
                }
                client.acquire();
                mark.opened(n);
                batch.add(() -> ask(client, wildcards, confirm, name, n, out, counters));
                if (batch.size() >= BATCH || client.available() == 0) {
                    batch = client.onLoop(batch); // sent by the event loop: no hand-over per question
                }
                long now = System.nanoTime();
                if (now - lastFlush > 200_000_000L) {
                    synchronized (out) {
                        out.flush();
                    }
                    lastFlush = now;
                }
                if (now - lastTick > 2_000_000_000L) {
                    tick.accept(counters);
                    lastTick = now;
                }
            }
            client.onLoop(batch);
            client.drain();
            synchronized (out) {
                out.flush();
            }
            tick.accept(counters);
            return new Result(wildcards.wildcardParents(), client.sent.sum(), client.retries.sum(), client.servers(),
                    client.pool());
        }
    }

    /** Names handed to the event loop at once. */
    private static final int BATCH = 64;

    /**
     * Resolves one name (on the event loop), writes it when it is a host (with its records and
     * lead, {@link Finding}), counts the outcome, frees its slot.
     */
    private void ask(DnsClient client, Wildcards wildcards, DnsClient confirm, String name, long n, Writer out,
            Counters counters) {
        Watermark mark = counters.watermark;
        lookup(client, wildcards, name)
                .thenCompose(f -> confirmed(confirm, client.pool(), name, f, counters).thenCompose(v -> v != Verdict.HOST
                        ? CompletableFuture.completedFuture(new Outcome(v, null))
                        : end(client, f.answer()).thenApply(end -> new Outcome(v, Finding.line(name,
                                tokens(f, end, takeovers == null ? null : takeovers.lead(f.answer(), end)))))))
                .whenComplete((o, err) -> {
                    try {
                        Verdict verdict = o == null ? Verdict.UNRESOLVED : o.verdict();
                        if (verdict == Verdict.HOST) {
                            synchronized (out) {
                                out.write(o.line());
                                out.write('\n');
                            }
                            counters.found.incrementAndGet();
                        } else if (verdict == Verdict.WILDCARD) {
                            counters.wildcard.incrementAndGet();
                        } else if (verdict == Verdict.UNRESOLVED || err != null) {
                            counters.unresolved.incrementAndGet();
                        }
                    } catch (IOException e) {
                        LOG.warn("writing {} failed: {}", name, e.toString());
                    } finally {
                        mark.answered(n);
                        counters.done.incrementAndGet();
                        client.release();
                    }
                });
    }

    /** A name's verdict and, for a host, its finding line. */
    private record Outcome(Verdict verdict, String line) {
    }

    /**
     * The answer of the CNAME chain's end, when the host's answer stopped at a CNAME without an
     * address (an authoritative server does not follow a CNAME out of its zones); else null.
     */
    private static CompletableFuture<DnsAnswer> end(DnsClient client, DnsAnswer a) {
        if (a.chain().isEmpty() || a.hasAddress() || a.dangling()) {
            return CompletableFuture.completedFuture(null);
        }
        return client.query(a.end(), DnsRecordType.A);
    }

    /**
     * The record tokens of a host's answer: its addresses of the type asked and its CNAMEs (with
     * those of the chain's end, when it was asked), with {@code TYPE -} for the types asked that it
     * has none of (A before AAAA: an AAAA host has no A).
     */
    static List<String> tokens(Found f, DnsAnswer end, String lead) {
        List<String> t = new ArrayList<>(4);
        boolean address = false;
        boolean cname = false;
        List<String> records = new ArrayList<>(f.answer().records());
        if (end != null && end.status() == DnsAnswer.Status.NOERROR) {
            records.addAll(end.records());
        }
        for (String r : records) {
            if (r.startsWith("CNAME ")) {
                t.add(r.endsWith(".") ? r.substring(0, r.length() - 1) : r);
                cname = true;
            } else if (r.startsWith("A ") || r.startsWith("AAAA ")) {
                t.add(r);
                address = true;
            }
        }
        if (f.type() == DnsRecordType.AAAA || !address) {
            t.add("A -");
        }
        if (!cname) {
            t.add("CNAME -");
        }
        if (lead != null) {
            t.add(lead);
        }
        return t;
    }

    /**
     * The name a line asks for (the word under {@code suffix}, or the line itself), canonical
     * (IDN to ASCII, lower case), or null when it is no valid DNS name: a label over 63 bytes, a
     * name over 253, spaces, {@code *} or other characters no hostname has.
     */
    static String name(String word, String suffix) {
        if (word.length() > 4 * HostnameNormalizer.MAX_NAME || word.indexOf('*') >= 0 || word.startsWith(".")) {
            return null;
        }
        String name = HostnameNormalizer.canonical(suffix == null ? word : word + "." + suffix);
        return name == null || suffix != null && !name.endsWith("." + suffix) ? null : name;
    }

    /** What one run did beyond the counters. */
    public record Result(List<String> wildcardParents, long queries, long retries, List<InetSocketAddress> resolvers,
            ResolverPool pool) {
    }

    /**
     * A host the pool found, asked again through the trusted resolvers: it stays a host only when
     * they also give it an address or a CNAME; else it is counted unconfirmed, not written, and the
     * resolver that gave the answer is dropped as a liar (when the trusted ones answered at all).
     */
    static CompletableFuture<Verdict> confirmed(DnsClient trusted, ResolverPool pool, String name, Found f, Counters counters) {
        if (trusted == null || f.verdict() != Verdict.HOST) {
            return CompletableFuture.completedFuture(f.verdict());
        }
        return trusted.query(name, DnsRecordType.A)
                .thenCompose(a -> a.named() || a.status() != DnsAnswer.Status.NOERROR
                        ? CompletableFuture.completedFuture(a)
                        : trusted.query(name, DnsRecordType.AAAA))
                .thenApply(a -> {
                    if (a.named()) {
                        return Verdict.HOST;
                    }
                    counters.unconfirmed.incrementAndGet();
                    if (!a.unresolved() && f.answer() != null && f.answer().from() != null) {
                        pool.drop(f.answer().from(), "answered " + f.answer().records() + " for " + name
                                + ", which the trusted resolvers say is " + a.status() + " (a liar)");
                    }
                    return Verdict.NONE;
                });
    }

    enum Verdict {
        HOST, NONE, WILDCARD, UNRESOLVED
    }

    /** A verdict with the answer it rests on and the type asked (null when the name has no records). */
    record Found(Verdict verdict, DnsAnswer answer, DnsRecordType type) {
        static CompletableFuture<Found> of(Verdict v) {
            return CompletableFuture.completedFuture(new Found(v, null, null));
        }
    }

    static CompletableFuture<Verdict> resolve(DnsClient client, Wildcards wildcards, String name) {
        return lookup(client, wildcards, name).thenApply(Found::verdict);
    }

    static CompletableFuture<Found> lookup(DnsClient client, Wildcards wildcards, String name) {
        return client.query(name, DnsRecordType.A).thenCompose(a -> {
            if (a.named()) { // an address, a CNAME, or a CNAME whose chain ends in NXDOMAIN (a lead)
                return judged(wildcards, name, DnsRecordType.A, a);
            }
            if (a.status() != DnsAnswer.Status.NOERROR) {
                return Found.of(a.unresolved() ? Verdict.UNRESOLVED : Verdict.NONE);
            }
            return client.query(name, DnsRecordType.AAAA).thenCompose(aaaa -> aaaa.exists()
                    ? judged(wildcards, name, DnsRecordType.AAAA, aaaa)
                    : Found.of(aaaa.unresolved() ? Verdict.UNRESOLVED : Verdict.NONE));
        });
    }

    private static CompletableFuture<Found> judged(Wildcards wildcards, String name, DnsRecordType type, DnsAnswer a) {
        return wildcards.isWildcard(name, type, a).thenApply(w -> new Found(w ? Verdict.WILDCARD : Verdict.HOST, a, type));
    }

    static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
