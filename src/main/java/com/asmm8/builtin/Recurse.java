package com.asmm8.builtin;

import com.asmm8.hostname.HostnameNormalizer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code asmm8-recurse}: recursive brute force, shipped in the jar and run as a tool of the permute
 * phase (its candidates are resolved by the resolve phase like permutations):
 * {@code java -cp asmm8.jar com.asmm8.builtin.Recurse -d DOMAIN -l KNOWN -w WORDS -o OUT [-top N] [-depth D] [-max M]}.
 *
 * <p>A parent is a name under the domain that has known names below it (found by any source: a
 * zone transfer, an NSEC walk, a passive source, an earlier brute force), at most {@code depth - 1}
 * labels below the domain, so its candidates are at most {@code depth} labels below it. Each
 * parent is tried with the first {@code top} words of the list ({@code word.parent}). The count
 * (parents x words) is estimated before anything is written; over {@code -max} nothing is written
 * and it exits 3 with the estimate, so the phase fails with that reason.
 */
public final class Recurse {

    private static final int USAGE = 2;
    /** The most parents kept: beyond, the estimate says so and the cap decides. */
    static final int MAX_PARENTS = 200_000;

    private Recurse() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream stderr) throws IOException {
        Path in = null;
        Path out = null;
        Path wordsFile = null;
        String domain = null;
        int top = 1000;
        int depth = 3;
        long max = 0;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                return usage(stderr, "option " + args[i] + " needs a value");
            }
            String v = args[i + 1];
            try {
                switch (args[i]) {
                    case "-l" -> in = Path.of(v);
                    case "-o" -> out = Path.of(v);
                    case "-w" -> wordsFile = Path.of(v);
                    case "-d" -> domain = HostnameNormalizer.seed(v);
                    case "-top" -> top = Integer.parseInt(v.strip());
                    case "-depth" -> depth = Integer.parseInt(v.strip());
                    case "-max" -> max = Long.parseLong(v.strip());
                    default -> {
                        return usage(stderr, "unknown option " + args[i]);
                    }
                }
            } catch (NumberFormatException e) {
                return usage(stderr, args[i] + " must be a whole number, not '" + v + "'");
            }
        }
        if (in == null || out == null || wordsFile == null || domain == null || top < 1 || depth < 2) {
            return usage(stderr, null);
        }
        List<String> words = Permute.words(wordsFile);
        words = words.subList(0, Math.min(top, words.size()));
        Set<String> parents = parents(in, domain, depth);
        long estimate = (long) parents.size() * words.size();
        if (max > 0 && estimate > max) {
            stderr.printf("asmm8-recurse: %,d names estimated (%,d parents with names below them, %,d words), over the cap of %,d;"
                    + " nothing generated: lower -top or -depth in tools.yaml, or raise -max%n", estimate, parents.size(), words.size(),
                    max);
            return Permute.OVER_CAP;
        }
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (String parent : parents) {
                for (String word : words) {
                    String candidate = HostnameNormalizer.canonical(word + "." + parent);
                    if (candidate != null) {
                        w.write(candidate);
                        w.write('\n');
                        n++;
                    }
                }
            }
        }
        stderr.printf("asmm8-recurse: %d names under %d parents (%d words, depth %d)%n", n, parents.size(), words.size(), depth);
        return 0;
    }

    /**
     * The names between the domain and each known name (exclusive of both ends: {@code a.b.d} under
     * {@code d} gives {@code b.d}), at most {@code depth - 1} labels below the domain; sorted.
     */
    static Set<String> parents(Path in, String domain, int depth) throws IOException {
        Set<String> parents = new TreeSet<>();
        try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null && parents.size() < MAX_PARENTS) {
                String name = HostnameNormalizer.canonical(line.strip());
                if (name == null || !name.endsWith("." + domain)) {
                    continue;
                }
                String below = name.substring(0, name.length() - domain.length() - 1);
                String[] labels = below.split("\\.");
                // ancestors of the name strictly below the domain: the last k labels of `below`, k = 1..labels-1
                for (int k = 1; k < labels.length && k <= depth - 1; k++) {
                    parents.add(String.join(".", List.of(labels).subList(labels.length - k, labels.length)) + "." + domain);
                }
            }
        }
        return parents;
    }

    private static int usage(PrintStream stderr, String problem) {
        if (problem != null) {
            stderr.println("asmm8-recurse: " + problem);
        }
        stderr.println("usage: asmm8-recurse -d DOMAIN -l KNOWN_NAMES -w WORDS -o OUT [-top N] [-depth D] [-max M]");
        return USAGE;
    }
}
