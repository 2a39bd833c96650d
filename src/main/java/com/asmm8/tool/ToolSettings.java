package com.asmm8.tool;

import java.nio.file.Path;

/** What the tools get for their placeholders from the configuration. */
public record ToolSettings(Path wordlist, Path permutationWords, int threads, Resolvers resolvers,
                           String subfinderConfig, String subfinderProviders) {

    public ToolSettings(Path wordlist, Path permutationWords, int threads, Resolvers resolvers) {
        this(wordlist, permutationWords, threads, resolvers, null, null);
    }
}
