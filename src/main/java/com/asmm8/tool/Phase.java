package com.asmm8.tool;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The steps a scan is made of; each is served by the installed tools declared for it in
 * {@code config/tools.yaml}. What a phase reads, where its names go and which scan types run it
 * is said by its route (routes/20-scan.yaml), not here: a new phase is one constant here and one
 * route there.
 */
public enum Phase {
    /** Passive sources (subfinder): names reported by third parties, written as found. */
    PASSIVE,
    /** What the zone gives away itself: a zone transfer (AXFR), an NSEC walk of a signed zone. */
    ZONE,
    /** Wordlist brute force against DNS (gobuster dns, dnsx -w): only names that resolve. */
    BRUTEFORCE,
    /** Permutations of every known hostname (alterx); the output is staged, not stored. */
    PERMUTE,
    /** Resolution of the staged permutations (dnsx -l, dig -f): names that resolve are stored. */
    RESOLVE,
    /** Resolution of every stored hostname of the domain; sets {@code live}. */
    CHECK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Phase of(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /** "passive, bruteforce, ...": every phase, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(Phase::id).collect(Collectors.joining(", "));
    }
}
