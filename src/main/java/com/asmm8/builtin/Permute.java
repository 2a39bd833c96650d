package com.asmm8.builtin;

import com.asmm8.hostname.HostnameNormalizer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code asmm8-permute}: a small permutation generator shipped in the jar, so the permute phase
 * works where alterx is not installed. It is a separate process like any other tool:
 * {@code java -cp asmm8.jar com.asmm8.builtin.Permute -l IN -o OUT -w WORDS [-d DOMAIN]}.
 *
 * <p>For every known hostname {@code L.rest} (L its first label) it writes: each word as a new
 * label in front ({@code w.L.rest}), joined to L ({@code L-w}, {@code w-L}, {@code Lw},
 * {@code wL}), in place of L ({@code w.rest}), and L with its number moved by one
 * ({@code api2} gives {@code api1}, {@code api3}). Names must stay valid; the seed domain itself
 * is never permuted away. Output is streamed; the dedupe set is bounded.
 */
public final class Permute {

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final int MAX_DEDUPE = 2_000_000;

    private Permute() {
    }

    public static void main(String[] args) throws IOException {
        Path in = null;
        Path out = null;
        Path words = null;
        String domain = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "-l" -> in = Path.of(args[i + 1]);
                case "-o" -> out = Path.of(args[i + 1]);
                case "-w" -> words = Path.of(args[i + 1]);
                case "-d" -> domain = HostnameNormalizer.seed(args[i + 1]);
                default -> {
                    System.err.println("asmm8-permute: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (in == null || out == null || words == null) {
            System.err.println("usage: asmm8-permute -l KNOWN_NAMES -o OUT -w WORDS [-d DOMAIN]");
            System.exit(2);
        }
        List<String> w = new ArrayList<>();
        for (String line : Files.readAllLines(words, StandardCharsets.UTF_8)) {
            String t = line.strip().toLowerCase();
            if (!t.isEmpty() && !t.startsWith("#")) {
                w.add(t);
            }
        }
        long n = 0;
        Set<String> seen = new HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8);
             BufferedWriter wr = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String name = HostnameNormalizer.canonical(line);
                if (name == null) {
                    continue;
                }
                for (String p : permutations(name, domain, w)) {
                    if (seen.size() < MAX_DEDUPE ? seen.add(p) : true) {
                        wr.write(p);
                        wr.write('\n');
                        n++;
                    }
                }
            }
        }
        System.err.println("asmm8-permute: " + n + " permutations");
    }

    /** The permutations of one name (excluding the name itself), valid names only. */
    public static Set<String> permutations(String name, String domain, List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        int dot = name.indexOf('.');
        if (dot < 0) {
            return out;
        }
        String first = name.substring(0, dot);
        String rest = name.substring(dot + 1);
        boolean firstIsSeedPart = domain != null && !HostnameNormalizer.inScope(rest, domain);
        for (String w : words) {
            add(out, w + "." + name);
            if (!firstIsSeedPart && !name.equals(domain)) {
                add(out, first + "-" + w + "." + rest);
                add(out, w + "-" + first + "." + rest);
                add(out, first + w + "." + rest);
                add(out, w + first + "." + rest);
                add(out, w + "." + rest);
            }
        }
        if (!firstIsSeedPart && !name.equals(domain)) {
            Matcher m = NUMBER.matcher(first);
            if (m.find()) {
                long v = Long.parseLong(m.group().length() > 9 ? "0" : m.group());
                for (long d : new long[] {v - 1, v + 1}) {
                    if (d >= 0) {
                        add(out, first.substring(0, m.start()) + d + first.substring(m.end()) + "." + rest);
                    }
                }
            }
        }
        out.remove(name);
        if (domain != null) {
            out.removeIf(p -> !HostnameNormalizer.inScope(p, domain));
        }
        return out;
    }

    private static void add(Set<String> out, String candidate) {
        if (HostnameNormalizer.isValid(candidate)) {
            out.add(candidate);
        }
    }
}
