package com.asmm8.tool;

import java.util.Locale;

/** The steps a scan is made of; each is served by the installed tools declared for it. */
public enum Phase {
    /** Passive sources (subfinder): names reported by third parties, written as found. */
    PASSIVE,
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
}
