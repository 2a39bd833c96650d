package com.asmm8.builtin;

import com.asmm8.hostname.HostnameNormalizer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code asmm8-permute}: the permutation generator shipped in the jar, so the permute phase works
 * where alterx is not installed. It is a separate process like any other tool:
 * {@code java -cp asmm8.jar com.asmm8.builtin.Permute -l IN -o OUT -w WORDS [-d DOMAIN] [-max N] [-estimate]}.
 *
 * <p>The patterns are {@link PermutationPatterns}'. Before it writes anything it reads the known
 * names once and estimates how many permutations they make; over {@code -max} (the daemon passes
 * {@code ASMM8_PERMUTATIONS_MAX}) it writes nothing and exits 3 with the estimate and the cap on
 * stderr, so the phase fails with that reason instead of resolving millions of names.
 * {@code -estimate} prints the estimate on stdout and exits. Output is streamed; duplicates are
 * dropped with a set of 64-bit hashes sized from the estimate (at most 32 MiB).
 */
public final class Permute {

    static final int OVER_CAP = 3;
    private static final int USAGE = 2;
    private static final int MAX_DEDUPE_SLOTS = 1 << 22;

    private Permute() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the generator; returns its exit status. */
    static int run(String[] args, PrintStream stdout, PrintStream stderr) throws IOException {
        Path in = null;
        Path out = null;
        Path wordsFile = null;
        String domain = null;
        long max = 0;
        boolean estimateOnly = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-estimate")) {
                estimateOnly = true;
                continue;
            }
            if (i + 1 >= args.length) {
                return usage(stderr, "option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "-l" -> in = Path.of(v);
                case "-o" -> out = Path.of(v);
                case "-w" -> wordsFile = Path.of(v);
                case "-d" -> domain = HostnameNormalizer.seed(v);
                case "-max" -> {
                    try {
                        max = Long.parseLong(v.strip());
                    } catch (NumberFormatException e) {
                        return usage(stderr, "-max must be a whole number, not '" + v + "'");
                    }
                }
                default -> {
                    return usage(stderr, "unknown option " + a);
                }
            }
        }
        if (in == null || wordsFile == null || (out == null && !estimateOnly)) {
            return usage(stderr, null);
        }
        List<String> words = words(wordsFile);
        Estimate e = estimate(in, domain, words.size());
        if (estimateOnly) {
            stdout.println(e.permutations());
            return 0;
        }
        if (max > 0 && e.permutations() > max) {
            stderr.printf("asmm8-permute: %,d permutations estimated (%,d known names, %,d words), over the cap of %,d"
                    + " (ASMM8_PERMUTATIONS_MAX); nothing generated: raise the cap or use fewer words%n",
                    e.permutations(), e.names(), words.size(), max);
            return OVER_CAP;
        }
        long n = generate(in, out, domain, words, e.permutations());
        stderr.printf("asmm8-permute: %d permutations (estimate %d, %d known names, %d words)%n",
                n, e.permutations(), e.names(), words.size());
        return 0;
    }

    record Estimate(long names, long permutations) {
    }

    /** The known names of {@code in} and how many permutations they make (read once, streamed). */
    static Estimate estimate(Path in, String domain, int words) throws IOException {
        long names = 0;
        long total = 0;
        try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String name = HostnameNormalizer.canonical(line);
                if (name != null) {
                    names++;
                    total += PermutationPatterns.estimate(name, domain, words);
                }
            }
        }
        return new Estimate(names, total);
    }

    private static long generate(Path in, Path out, String domain, List<String> words, long estimate) throws IOException {
        long n = 0;
        Seen64 seen = new Seen64((int) Math.min(MAX_DEDUPE_SLOTS, Math.max(1024, Long.highestOneBit(estimate) << 2)));
        try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8);
                BufferedWriter wr = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String name = HostnameNormalizer.canonical(line);
                if (name == null) {
                    continue;
                }
                for (String p : PermutationPatterns.of(name, domain, words)) {
                    if (seen.add(p)) {
                        wr.write(p);
                        wr.write('\n');
                        n++;
                    }
                }
            }
        }
        return n;
    }

    static List<String> words(Path file) throws IOException {
        List<String> w = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip().toLowerCase();
            if (!t.isEmpty() && !t.startsWith("#")) {
                w.add(t);
            }
        }
        return w;
    }

    private static int usage(PrintStream stderr, String problem) {
        if (problem != null) {
            stderr.println("asmm8-permute: " + problem);
        }
        stderr.println("usage: asmm8-permute -l KNOWN_NAMES -w WORDS (-o OUT | -estimate) [-d DOMAIN] [-max N]");
        return USAGE;
    }
}
