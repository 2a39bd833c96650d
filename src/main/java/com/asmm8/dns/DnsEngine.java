package com.asmm8.dns;

import com.asmm8.hostname.HostnameNormalizer;
import io.netty.handler.codec.dns.DnsRecordType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
     * @param healthName   a name every usable resolver must answer for (NOERROR or NXDOMAIN)
     * @param probes       random labels asked under each parent for wildcard detection
     * @param reprobes     further probes of a rotating wildcard before a candidate is judged
     */
    public record Settings(DnsClient.Settings client, int probes, int reprobes) {
    }

    private final Settings settings;

    public Settings settings() {
        return settings;
    }

    public DnsEngine(Settings settings) {
        this.settings = settings;
    }

    /**
     * Resolves every name {@code names} yields, writing the real ones to {@code out}.
     *
     * @param healthName a name the resolvers must answer for (the scan's domain)
     * @param suffix     appended to each line (a word list under the domain), or null (a list of names)
     * @param stop       true when the run must end early (cancel, shutdown, time-out)
     * @param tick       called now and then with the counters (progress)
     * @return the counters and the wildcard parents found
     */
    public Result run(List<InetSocketAddress> resolvers, String healthName, BufferedReader names, String suffix,
            Writer out, Counters counters, BooleanSupplier stop, Consumer<Counters> tick)
            throws IOException, InterruptedException, NoResolverException {
        try (DnsClient client = new DnsClient(resolvers, settings.client())) {
            client.use(healthy(client, healthName));
            Wildcards wildcards = new Wildcards(client, settings.probes(), settings.reprobes());
            long lastTick = System.nanoTime();
            long lastFlush = lastTick;
            String line;
            long lineNo = 0;
            while ((line = names.readLine()) != null && !stop.getAsBoolean()) {
                lineNo++;
                String word = line.strip();
                if (word.isEmpty() || word.startsWith("#")) {
                    continue;
                }
                String name = name(word, suffix);
                if (name == null) {
                    counters.skip(lineNo); // a wordlist is user input: a bad line is counted, never fatal
                    continue;
                }
                client.acquire();
                resolve(client, wildcards, name).whenComplete((verdict, err) -> {
                    try {
                        if (verdict == Verdict.HOST) {
                            synchronized (out) {
                                out.write(name);
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
                        counters.done.incrementAndGet();
                        client.release();
                    }
                });
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
            client.drain();
            synchronized (out) {
                out.flush();
            }
            tick.accept(counters);
            return new Result(wildcards.wildcardParents(), client.sent.sum(), client.retries.sum(), client.servers());
        }
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
    public record Result(List<String> wildcardParents, long queries, long retries, List<InetSocketAddress> resolvers) {
    }

    enum Verdict {
        HOST, NONE, WILDCARD, UNRESOLVED
    }

    static CompletableFuture<Verdict> resolve(DnsClient client, Wildcards wildcards, String name) {
        return client.query(name, DnsRecordType.A).thenCompose(a -> {
            if (a.exists()) {
                return judged(wildcards, name, DnsRecordType.A, a);
            }
            if (a.status() != DnsAnswer.Status.NOERROR) {
                return CompletableFuture.completedFuture(a.unresolved() ? Verdict.UNRESOLVED : Verdict.NONE);
            }
            return client.query(name, DnsRecordType.AAAA).thenCompose(aaaa -> aaaa.exists()
                    ? judged(wildcards, name, DnsRecordType.AAAA, aaaa)
                    : CompletableFuture.completedFuture(aaaa.unresolved() ? Verdict.UNRESOLVED : Verdict.NONE));
        });
    }

    private static CompletableFuture<Verdict> judged(Wildcards wildcards, String name, DnsRecordType type, DnsAnswer a) {
        return wildcards.isWildcard(name, type, a).thenApply(w -> w ? Verdict.WILDCARD : Verdict.HOST);
    }

    /**
     * The resolvers that pass the health check, which judges lies, not manners. A resolver must
     * see the domain (its SOA answers NOERROR: else "cannot see", as a resolver outside the
     * domain's view, offline or filtered answers); a random name under it must answer NOERROR (a
     * wildcard, the wildcard filter's business) or NXDOMAIN; and a random name under
     * {@code invalid.} (RFC 6761), which cannot exist, must not be given an address (a resolver that
     * invents answers). REFUSED or SERVFAIL outside the domain is allowed: an authoritative-only
     * or split-horizon server answers so. A failing one is dropped with a log line; none left fails
     * the run with every reason.
     */
    static List<InetSocketAddress> healthy(DnsClient client, String domain) throws InterruptedException, NoResolverException {
        List<InetSocketAddress> ok = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (InetSocketAddress server : client.servers()) {
            String problem = check(client, server, domain);
            if (problem == null) {
                ok.add(server);
            } else {
                LOG.warn("Resolver {} dropped: {}", hostPort(server), problem);
                why.add(hostPort(server) + " " + problem);
            }
        }
        if (ok.isEmpty()) {
            throw new NoResolverException("no usable resolver: " + String.join("; ", why));
        }
        return ok;
    }

    private static String check(DnsClient client, InetSocketAddress server, String domain) throws InterruptedException {
        DnsAnswer soa = await(client.queryAt(server, domain, DnsRecordType.SOA));
        if (soa.status() != DnsAnswer.Status.NOERROR) {
            return "cannot see " + domain + " (" + soa.why() + " for its SOA)";
        }
        String under = Wildcards.randomLabel() + "." + domain;
        DnsAnswer random = await(client.queryAt(server, under, DnsRecordType.A));
        if (random.unresolved()) {
            return "did not answer for " + under + " (" + random.why() + ")";
        }
        String invalid = Wildcards.randomLabel() + ".invalid";
        DnsAnswer lie = await(client.queryAt(server, invalid, DnsRecordType.A));
        if (lie.exists()) {
            return "answered " + lie.records() + " for " + invalid + ", a name that cannot exist (a resolver that invents answers)";
        }
        return null;
    }

    private static DnsAnswer await(CompletableFuture<DnsAnswer> f) throws InterruptedException {
        try {
            return f.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            return DnsAnswer.failed(e.toString());
        }
    }

    static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
