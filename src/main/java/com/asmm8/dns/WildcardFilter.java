package com.asmm8.dns;

import com.asmm8.hostname.Finding;
import com.asmm8.scan.PhaseReport;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ToolReport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wildcard judgement of the names any tool reports as resolving (gobuster, dnsx, dig, ...):
 * the ingest route sends a batch of a bruteforce or resolve phase here before it is written. The
 * parent of each name is probed for a wildcard (once per scan); a name under a wildcard is
 * resolved again with the engine's client and resolvers (ASMM8_RESOLVERS) and judged
 * against its parent's wildcard ({@link Wildcards}, one cache per scan); a name that only the
 * wildcard answers leaves the batch. When no resolver passes the health check the names are
 * kept, and the phase report says they were stored unjudged and why.
 */
public class WildcardFilter {

    private static final Logger LOG = LoggerFactory.getLogger(WildcardFilter.class);

    /** One scan's client and wildcard cache, or why there is none. */
    private record Judge(DnsClient client, Wildcards wildcards, String unusable, Set<String> passiveParents) {
        Judge(DnsClient client, Wildcards wildcards, String unusable) {
            this(client, wildcards, unusable, ConcurrentHashMap.newKeySet());
        }
    }

    private final DnsEngine.Settings settings;
    private final ResolverSources resolvers;
    private final ConcurrentHashMap<UUID, Judge> scans = new ConcurrentHashMap<>();

    private final int passiveParents;

    /** @param passiveParents distinct parents probed per scan for passive names (beyond: stored unjudged) */
    public WildcardFilter(DnsEngine.Settings settings, ResolverSources resolvers, int passiveParents) {
        this.settings = settings;
        this.resolvers = resolvers;
        this.passiveParents = passiveParents;
    }

    /**
     * The scan's wildcard cache, shared with the built-in engine's phases (a parent is probed once
     * per scan, whoever asks first); null when no resolver is usable for it.
     */
    public Wildcards wildcards(ScanRun run) {
        return judge(run).wildcards();
    }

    /** Exchange property: the names of a passive batch that only their parent's wildcard answers. */
    public static final String WILDCARD_NAMES = "wildcardNames";

    /** Removes from the batch in the body the names only their parent's wildcard answers. */
    public void drop(Exchange exchange) throws InterruptedException {
        ScanRun run = ScanExchange.run(exchange);
        ToolReport report = report(run, exchange.getProperty(ScanExchange.TOOL, String.class));
        List<String> wildcard = split(exchange, run, report, false);
        if (wildcard == null) {
            return;
        }
        count(report, true, wildcard.size());
        if (!wildcard.isEmpty()) {
            run.writes().settled(wildcard.size()); // handed over, never to be written
        }
    }

    /**
     * Moves the names of a passive batch that only their parent's wildcard answers to the
     * {@link #WILDCARD_NAMES} property: they are stored flagged, not live (statement inventory-wildcard, BatchWrites).
     */
    public void flag(Exchange exchange) throws InterruptedException {
        ScanRun run = ScanExchange.run(exchange);
        ToolReport report = report(run, exchange.getProperty(ScanExchange.TOOL, String.class));
        List<String> wildcard = split(exchange, run, report, true);
        if (wildcard == null) {
            return;
        }
        count(report, false, wildcard.size());
        exchange.setProperty(WILDCARD_NAMES, wildcard.isEmpty() ? null : wildcard);
    }

    /** Judges the batch in the body: the body keeps the others, the wildcard's names are returned (null: not judged). */
    private List<String> split(Exchange exchange, ScanRun run, ToolReport report, boolean passive) throws InterruptedException {
        List<?> body = exchange.getMessage().getBody(List.class);
        if (body == null || body.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>(body.size());
        for (Object o : body) {
            if (o != null) {
                names.add(o.toString());
            }
        }
        Judge judge = judge(run);
        if (judge.unusable() != null) {
            unjudged(run, report, names.size(), judge.unusable());
            return null;
        }
        List<CompletableFuture<DnsEngine.Verdict>> verdicts = new ArrayList<>(names.size());
        int beyondCap = 0;
        for (String finding : names) {
            String name = Finding.name(finding);
            // passive names may have a parent each (crt.sh): their probes are bounded per scan
            String parent = name.substring(name.indexOf('.') + 1);
            if (passive && !admitted(judge.passiveParents(), parent)) {
                verdicts.add(CompletableFuture.completedFuture(DnsEngine.Verdict.NONE));
                beyondCap++;
                continue;
            }
            judge.client().acquire();
            // a name under a parent with no wildcard is taken as reported; only the others are asked
            CompletableFuture<DnsEngine.Verdict> v = judge.wildcards().underWildcard(name).thenCompose(w -> w
                    ? DnsEngine.resolve(judge.client(), judge.wildcards(), name)
                    : CompletableFuture.completedFuture(DnsEngine.Verdict.HOST));
            v.whenComplete((r, e) -> judge.client().release());
            verdicts.add(v);
        }
        List<String> kept = new ArrayList<>(names.size());
        List<String> wildcard = new ArrayList<>();
        int unanswered = 0;
        for (int i = 0; i < names.size(); i++) {
            DnsEngine.Verdict v;
            try {
                v = verdicts.get(i).get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                v = DnsEngine.Verdict.UNRESOLVED;
            }
            if (v == DnsEngine.Verdict.WILDCARD) {
                wildcard.add(names.get(i));
            } else {
                if (v == DnsEngine.Verdict.UNRESOLVED) {
                    unanswered++;
                }
                kept.add(names.get(i));
            }
        }
        if (unanswered > 0) {
            unjudged(run, report, unanswered, "the resolvers did not answer for them");
        }
        if (beyondCap > 0) {
            unjudged(run, report, beyondCap, "more than " + passiveParents
                    + " distinct parents of passive names in this scan (asmm8.dns.passive-wildcard-parents)");
        }
        exchange.getMessage().setBody(kept);
        return wildcard;
    }

    /** Whether the parent is among the first {@code passiveParents} of this scan (admitting it when there is room). */
    private boolean admitted(Set<String> parents, String parent) {
        if (parents.contains(parent)) {
            return true;
        }
        synchronized (parents) {
            if (parents.contains(parent)) {
                return true;
            }
            if (parents.size() >= passiveParents) {
                return false;
            }
            parents.add(parent);
            return true;
        }
    }

    private static void count(ToolReport report, boolean dropped, int n) {
        if (report == null) {
            return;
        }
        synchronized (report) {
            if (dropped && report.wildcardDropped == null) {
                report.wildcardDropped = new AtomicLong();
            } else if (!dropped && report.wildcardFlagged == null) {
                report.wildcardFlagged = new AtomicLong();
            }
        }
        (dropped ? report.wildcardDropped : report.wildcardFlagged).addAndGet(n);
    }

    /** Ends a scan: its client closes and its wildcard cache goes. */
    public void forget(Exchange exchange) {
        ScanRun run = exchange.getProperty(ScanExchange.SCAN, ScanRun.class);
        Judge j = run == null ? null : scans.remove(run.getId());
        if (j != null && j.client() != null) {
            j.client().close();
        }
    }

    private Judge judge(ScanRun run) {
        return scans.computeIfAbsent(run.getId(), id -> {
            List<InetSocketAddress> list;
            try {
                list = resolvers.pool();
            } catch (RuntimeException e) {
                return new Judge(null, null, "no resolver configured (" + e.getMessage() + ")");
            }
            if (list.isEmpty()) {
                return new Judge(null, null, "no resolver configured");
            }
            DnsClient client = new DnsClient(new ResolverPool(list, settings.pool()), settings.client());
            List<InetSocketAddress> trusted = resolvers.trusted();
            try (DnsClient t = trusted.isEmpty() ? null : new DnsClient(trusted, settings.trustedClient())) {
                ResolverCheck.healthy(client, run.getDomain(), t);
                return new Judge(client, new Wildcards(client, settings.probes(), settings.reprobes()), null);
            } catch (DnsEngine.NoResolverException e) {
                client.close();
                return new Judge(null, null, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                client.close();
                return new Judge(null, null, "interrupted");
            }
        });
    }

    private static ToolReport report(ScanRun run, String tool) {
        PhaseReport phase = run.getPhase() == null ? null : run.phaseReport(run.getPhase());
        return phase == null || tool == null ? run.toolReport() : phase.tools.getOrDefault(tool, run.toolReport());
    }

    private static void unjudged(ScanRun run, ToolReport report, int n, String why) {
        if (report != null) {
            synchronized (report) {
                if (report.unjudged == null) {
                    report.unjudged = new AtomicLong();
                }
            }
            report.unjudged.addAndGet(n);
        }
        PhaseReport phase = run.getPhase() == null ? null : run.phaseReport(run.getPhase());
        boolean first = false;
        if (phase != null) {
            synchronized (phase) {
                String note = "wildcards not checked for some names (stored unjudged): " + why;
                if (phase.message == null) {
                    phase.message = note;
                    first = true;
                }
            }
        }
        if (first) {
            LOG.warn("Scan {} of {}: names stored without a wildcard check: {}", run.getId(), run.getDomain(), why);
        }
    }
}
