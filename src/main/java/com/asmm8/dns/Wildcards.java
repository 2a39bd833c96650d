package com.asmm8.dns;

import io.netty.handler.codec.dns.DnsRecordType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wildcard detection per parent zone, cached for one scan (RFC 4592: a random label under a
 * name's parent meets the same closest encloser as the name, so a name is judged against its
 * nearest parent only; a real name under a wildcard with records of its own is kept).
 * A parent is probed with several random labels; when they answer, the union of their records
 * (CNAME targets with the probe's label replaced by {@code *}) is the wildcard's answer. A
 * candidate is the wildcard's, not a host, when its records all belong to that union, or when its
 * CNAME has the wildcard's shape (its label where the probes' was), wherever the chain goes on.
 * When the probes disagree (a load-balanced wildcard rotating its addresses), or the candidate
 * shares some addresses with them, the parent is probed again before a candidate with unseen
 * records is judged; after the reprobes an answer sharing an address with a rotating wildcard is
 * the wildcard's, one sharing none is a host.
 */
public final class Wildcards {

    /** What the probes of one parent (for one record type) found. */
    static final class Profile {
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        volatile boolean wildcard;
        volatile boolean rotating;
    }

    private final DnsClient client;
    private final int probes;
    private final int reprobes;
    private final ConcurrentHashMap<String, CompletableFuture<Profile>> profiles = new ConcurrentHashMap<>();

    /**
     * @param probes   random labels asked under each parent
     * @param reprobes further probes before a candidate of a rotating wildcard is judged real
     */
    public Wildcards(DnsClient client, int probes, int reprobes) {
        this.client = client;
        this.probes = probes;
        this.reprobes = reprobes;
    }

    /** Parents found to answer for random labels so far. */
    public List<String> wildcardParents() {
        List<String> out = new ArrayList<>();
        profiles.forEach((k, f) -> {
            Profile p = f.getNow(null);
            if (p != null && p.wildcard) {
                out.add(k.substring(k.indexOf(' ') + 1));
            }
        });
        out.sort(null);
        return out;
    }

    /**
     * True when the parent of {@code name} answers random labels (A or AAAA): only then can a
     * name be its wildcard's. Probes the parent once per scan; the name itself is not asked.
     */
    public CompletableFuture<Boolean> underWildcard(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return CompletableFuture.completedFuture(false);
        }
        String parent = name.substring(dot + 1);
        CompletableFuture<Profile> a = profile(parent, DnsRecordType.A);
        CompletableFuture<Profile> aaaa = profile(parent, DnsRecordType.AAAA);
        return a.thenCombine(aaaa, (x, y) -> x.wildcard || y.wildcard);
    }

    /** True when {@code answer} (for {@code name}, of {@code type}) is what its parent's wildcard answers. */
    public CompletableFuture<Boolean> isWildcard(String name, DnsRecordType type, DnsAnswer answer) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return CompletableFuture.completedFuture(false);
        }
        String parent = name.substring(dot + 1);
        Set<String> mine = normalised(name, answer.records());
        return profile(parent, type).thenCompose(p -> judge(p, parent, type, mine, reprobes));
    }

    private CompletableFuture<Boolean> judge(Profile p, String parent, DnsRecordType type, Set<String> mine, int left) {
        if (!p.wildcard) {
            return CompletableFuture.completedFuture(false);
        }
        if (p.seen.containsAll(mine) || leadsWhereTheWildcardLeads(p.seen, mine)) {
            return CompletableFuture.completedFuture(true);
        }
        boolean overlaps = mine.stream().anyMatch(p.seen::contains);
        if (left == 0 || !p.rotating && !overlaps) {
            // probed enough: an answer sharing addresses with a rotating wildcard is one of its answers
            return CompletableFuture.completedFuture(overlaps);
        }
        return probe(p, parent, type).thenCompose(v -> judge(p, parent, type, mine, left - 1));
    }

    /**
     * True when the name's CNAME has the shape of the wildcard's: the probes' targets with their
     * label replaced by {@code *} ({@code *.edge.cdn.example}, {@code *-edge.cdn.example}), the
     * name's own label in its place. Where the chain goes on (addresses a further wildcard
     * rotates) does not matter: it starts where the wildcard's starts.
     */
    static boolean leadsWhereTheWildcardLeads(Set<String> seen, Set<String> mine) {
        for (String r : mine) {
            if (r.startsWith(ECHO) && seen.contains(r)) {
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<Profile> profile(String parent, DnsRecordType type) {
        return profiles.computeIfAbsent(type.name() + " " + parent, k -> {
            Profile p = new Profile();
            List<CompletableFuture<Set<String>>> all = new ArrayList<>();
            for (int i = 0; i < probes; i++) {
                all.add(probe(p, parent, type));
            }
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
                Set<Set<String>> distinct = new HashSet<>();
                for (CompletableFuture<Set<String>> f : all) {
                    Set<String> s = f.join();
                    if (!s.isEmpty()) {
                        distinct.add(s);
                    }
                }
                p.rotating = distinct.size() > 1;
                return p;
            });
        });
    }

    /** One random label under {@code parent}; its records join the profile. */
    private CompletableFuture<Set<String>> probe(Profile p, String parent, DnsRecordType type) {
        String label = randomLabel();
        return client.query(label + "." + parent, type).thenApply(a -> {
            if (!a.exists()) {
                return Set.<String>of();
            }
            Set<String> s = normalised(label + "." + parent, a.records());
            p.seen.addAll(s);
            p.wildcard = true;
            return s;
        });
    }

    /** A CNAME record whose target held the asked label, with the label replaced by {@code *}. */
    static final String ECHO = "CNAME* ";

    /**
     * The records with the name's own first label replaced by {@code *} in CNAME targets that
     * hold it (label-echo wildcards: {@code {label}.edge}, {@code {label}-edge}), marked as such;
     * each position the label occurs at gives one form, so a short label that also occurs
     * elsewhere in the target still meets the wildcard's form.
     */
    static Set<String> normalised(String name, Set<String> records) {
        String label = name.substring(0, Math.max(0, name.indexOf('.')));
        Set<String> out = new HashSet<>();
        for (String r : records) {
            if (r.startsWith("CNAME ") && !label.isEmpty() && r.indexOf(label, 6) >= 0) {
                String target = r.substring(6);
                for (int i = target.indexOf(label); i >= 0; i = target.indexOf(label, i + 1)) {
                    out.add(ECHO + target.substring(0, i) + "*" + target.substring(i + label.length()));
                }
            } else {
                out.add(r);
            }
        }
        return out;
    }

    static String randomLabel() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder("zz");
        for (int i = 0; i < 14; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }
}
