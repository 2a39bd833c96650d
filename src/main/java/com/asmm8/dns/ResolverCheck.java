package com.asmm8.dns;

import io.netty.handler.codec.dns.DnsRecordType;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolver check before a run, which judges lies, not manners. A resolver must see the
 * domain (its SOA answers NOERROR: else "cannot see", as a resolver outside the domain's view,
 * offline or filtered answers); a random name under it must answer NOERROR (a wildcard, the
 * wildcard filter's business) or NXDOMAIN; and a random name under {@code invalid.} (RFC 6761),
 * which cannot exist, must not be given an address (a resolver that invents answers). REFUSED or
 * SERVFAIL outside the domain is allowed: an authoritative-only or split-horizon server answers
 * so. With trusted resolvers, a resolver is also a liar when it answers the random name that the
 * trusted ones say does not exist, or names another SOA for the domain. Every resolver of a pool
 * is checked at once; a failing one is dropped from the pool with its reason.
 */
final class ResolverCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ResolverCheck.class);
    /** Reasons named in the error when no resolver is left; the others are counted. */
    private static final int REASONS_SHOWN = 10;

    private ResolverCheck() {
    }

    /** What the trusted resolvers answer for the domain's SOA and a random name under it. */
    record TrustedView(DnsAnswer soa, String probe, DnsAnswer probeAnswer) {
    }

    /**
     * Checks every resolver of {@code client}'s pool, drops the failing ones from it, and returns
     * the others.
     *
     * @param trusted the trusted resolvers, or null when the pool's answers are believed as they are
     * @throws DnsEngine.NoResolverException when none is left (or the trusted ones cannot see the domain)
     */
    static List<InetSocketAddress> healthy(DnsClient client, String domain, DnsClient trusted)
            throws InterruptedException, DnsEngine.NoResolverException {
        String probe = Wildcards.randomLabel() + "." + domain;
        TrustedView view = trusted == null ? null : trustedView(trusted, domain, probe);
        Map<InetSocketAddress, String> problems = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (InetSocketAddress server : client.pool().all()) {
            client.acquire(); // a pool of thousands is checked with the run's bound on questions in flight
            checks.add(check(client, server, domain, probe, view).handle((problem, err) -> {
                String why = err != null ? "check failed: " + err : problem;
                if (why != null) {
                    problems.put(server, why);
                }
                client.release();
                return null;
            }));
        }
        await(CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)));
        List<String> reasons = new ArrayList<>();
        for (InetSocketAddress server : client.pool().all()) {
            String why = problems.get(server);
            if (why != null) {
                client.pool().drop(server, why);
                LOG.warn("Resolver {} dropped: {}", DnsEngine.hostPort(server), why);
                reasons.add(DnsEngine.hostPort(server) + " " + why);
            }
        }
        List<InetSocketAddress> ok = client.servers();
        if (ok.isEmpty()) {
            String shown = String.join("; ", reasons.subList(0, Math.min(REASONS_SHOWN, reasons.size())));
            throw new DnsEngine.NoResolverException("no usable resolver: " + shown
                    + (reasons.size() > REASONS_SHOWN ? "; and " + (reasons.size() - REASONS_SHOWN) + " more" : ""));
        }
        return ok;
    }

    private static TrustedView trustedView(DnsClient trusted, String domain, String probe)
            throws InterruptedException, DnsEngine.NoResolverException {
        DnsAnswer soa = await(trusted.query(domain, DnsRecordType.SOA));
        if (soa.status() != DnsAnswer.Status.NOERROR) {
            throw new DnsEngine.NoResolverException("the trusted resolvers " + trusted.servers().stream().map(DnsEngine::hostPort)
                    .toList() + " cannot see " + domain + " (" + soa.why() + " for its SOA)");
        }
        return new TrustedView(soa, probe, await(trusted.query(probe, DnsRecordType.A)));
    }

    private static CompletableFuture<String> check(DnsClient client, InetSocketAddress server, String domain, String probe,
            TrustedView view) {
        return client.queryAt(server, domain, DnsRecordType.SOA).thenCompose(soa -> {
            if (soa.status() != DnsAnswer.Status.NOERROR) {
                return done("cannot see " + domain + " (" + soa.why() + " for its SOA)");
            }
            if (view != null && !view.soa().records().isEmpty() && !soa.records().equals(view.soa().records())) {
                return done("answered " + soa.records() + " for the SOA of " + domain + " where the trusted resolvers answer "
                        + view.soa().records() + " (a liar)");
            }
            return client.queryAt(server, probe, DnsRecordType.A).thenCompose(random -> {
                if (random.unresolved()) {
                    return done("did not answer for " + probe + " (" + random.why() + ")");
                }
                if (view != null && random.exists() && view.probeAnswer().status() == DnsAnswer.Status.NXDOMAIN) {
                    return done("answered " + random.records() + " for " + probe
                            + ", which the trusted resolvers say does not exist (a liar)");
                }
                String invalid = Wildcards.randomLabel() + ".invalid";
                return client.queryAt(server, invalid, DnsRecordType.A).thenApply(lie -> lie.exists()
                        ? "answered " + lie.records() + " for " + invalid
                                + ", a name that cannot exist (a resolver that invents answers)"
                        : null);
            });
        });
    }

    private static CompletableFuture<String> done(String why) {
        return CompletableFuture.completedFuture(why);
    }

    private static <T> T await(CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the resolver check did not end: " + e, e);
        }
    }
}
