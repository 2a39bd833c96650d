package com.asmm8.tool;

import java.nio.file.Path;

/** What the tools get for their placeholders from the configuration. */
public record ToolSettings(Path wordlist, Path permutationWords, int threads, Resolvers resolvers,
        String subfinderConfig, String subfinderProviders, long permutationsMax, Path resolversFile) {

    /** The cap on permutations when none is configured ({permutations_max}). */
    public static final long DEFAULT_PERMUTATIONS_MAX = 2_000_000;

    public ToolSettings(Path wordlist, Path permutationWords, int threads, Resolvers resolvers) {
        this(wordlist, permutationWords, threads, resolvers, null, null, DEFAULT_PERMUTATIONS_MAX, null);
    }
}
