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
 * candidate whose records all belong to that union is the wildcard's, not a host. When the
 * probes disagree (a load-balanced wildcard rotating its addresses) the parent is probed again
 * before a candidate with unseen records is judged real.
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
        if (p.seen.containsAll(mine)) {
            return CompletableFuture.completedFuture(true);
        }
        if (!p.rotating || left == 0) {
            return CompletableFuture.completedFuture(false);
        }
        return probe(p, parent, type).thenCompose(v -> judge(p, parent, type, mine, left - 1));
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

    /** The records with the name's own first label replaced by {@code *} in CNAME targets (label-echo wildcards). */
    static Set<String> normalised(String name, Set<String> records) {
        String label = name.substring(0, Math.max(0, name.indexOf('.')));
        Set<String> out = new HashSet<>();
        for (String r : records) {
            if (r.startsWith("CNAME ") && !label.isEmpty()) {
                String[] labels = r.substring(6).split("\\.", -1);
                StringBuilder sb = new StringBuilder("CNAME ");
                for (int i = 0; i < labels.length; i++) {
                    sb.append(i == 0 ? "" : ".").append(labels[i].equals(label) ? "*" : labels[i]);
                }
                out.add(sb.toString());
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
