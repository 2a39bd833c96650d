package com.asmm8.builtin;

import com.asmm8.hostname.HostnameNormalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alterx-like patterns of the shipped permutation generator, and how many names they make.
 * For a known name {@code sub.rest} ({@code sub} its first label, {@code rest} the parent) and
 * every word {@code w} of the permutation words:
 * <ul>
 *   <li>insert a word: {@code w.sub.rest} (a new label in front) and {@code sub.w.rest} (dot join
 *       after the first label);</li>
 *   <li>dash and plain joins: {@code sub-w}, {@code w-sub}, {@code subw}, {@code wsub};</li>
 *   <li>a sibling: {@code w.rest};</li>
 *   <li>number increment: a number in {@code sub} moved by one ({@code api2}: {@code api1},
 *       {@code api3}); a label without one gets {@code sub1}, {@code sub2}, {@code sub-1},
 *       {@code sub-2};</li>
 *   <li>environment prefixes: a dash- or dot-separated part of {@code sub} or of the labels
 *       above the domain that is an environment word ({@link #ENVIRONMENTS}: {@code dev-api},
 *       {@code api.dev}) is swapped for each other one ({@code stage-api}, {@code api.prod}).</li>
 * </ul>
 * The seed domain itself only gets new labels in front (its own labels are never changed), every
 * result must be a valid name under the domain, and the name itself is never a result.
 * {@link #estimate} counts what {@link #of} makes, before dedupe, without making it.
 */
public final class PermutationPatterns {

    /** Environment words swapped for one another where a name already carries one. */
    public static final List<String> ENVIRONMENTS = List.of(
            "dev", "test", "qa", "uat", "stg", "stage", "staging", "preprod", "prod", "sandbox");

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    /** Word patterns applied to a name other than the domain. */
    private static final int WORD_PATTERNS = 7;
    private static final int NUMBER_PATTERNS_WITHOUT_NUMBER = 4;
    private static final int NUMBER_PATTERNS_WITH_NUMBER = 2;

    private PermutationPatterns() {
    }

    /** The permutations of one name (excluding the name itself), valid names under {@code domain} only. */
    public static Set<String> of(String name, String domain, List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        int dot = name.indexOf('.');
        if (dot < 0) {
            return out;
        }
        String sub = name.substring(0, dot);
        String rest = name.substring(dot + 1);
        boolean own = ownLabels(name, domain);
        for (String w : words) {
            add(out, w + "." + name);
            if (own) {
                add(out, sub + "." + w + "." + rest);
                add(out, sub + "-" + w + "." + rest);
                add(out, w + "-" + sub + "." + rest);
                add(out, sub + w + "." + rest);
                add(out, w + sub + "." + rest);
                add(out, w + "." + rest);
            }
        }
        if (own) {
            numbers(out, sub, rest);
            environments(out, name, domain);
        }
        out.remove(name);
        if (domain != null) {
            out.removeIf(p -> !HostnameNormalizer.inScope(p, domain));
        }
        return out;
    }

    /** How many candidates {@link #of} makes for {@code name} with {@code words} words, before dedupe and validity checks. */
    public static long estimate(String name, String domain, int words) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return 0;
        }
        if (!ownLabels(name, domain)) {
            return words;
        }
        String sub = name.substring(0, dot);
        long n = (long) words * WORD_PATTERNS;
        n += NUMBER.matcher(sub).find() ? NUMBER_PATTERNS_WITH_NUMBER : NUMBER_PATTERNS_WITHOUT_NUMBER;
        n += (long) environmentParts(name, domain) * (ENVIRONMENTS.size() - 1);
        return n;
    }

    /** Whether {@code name} has labels of its own below the domain (the domain's are never changed). */
    private static boolean ownLabels(String name, String domain) {
        if (domain == null) {
            return true;
        }
        int dot = name.indexOf('.');
        return !name.equals(domain) && HostnameNormalizer.inScope(name.substring(dot + 1), domain);
    }

    private static void numbers(Set<String> out, String sub, String rest) {
        Matcher m = NUMBER.matcher(sub);
        if (m.find()) {
            long v = m.group().length() > 9 ? 0 : Long.parseLong(m.group());
            for (long d : new long[]{v - 1, v + 1}) {
                if (d >= 0) {
                    add(out, sub.substring(0, m.start()) + d + sub.substring(m.end()) + "." + rest);
                }
            }
        } else {
            add(out, sub + "1." + rest);
            add(out, sub + "2." + rest);
            add(out, sub + "-1." + rest);
            add(out, sub + "-2." + rest);
        }
    }

    private static void environments(Set<String> out, String name, String domain) {
        String own = ownPart(name, domain);
        String suffix = name.substring(own.length());
        String[] parts = own.split("(?<=[.-])|(?=[.-])");
        for (int i = 0; i < parts.length; i++) {
            if (!ENVIRONMENTS.contains(parts[i])) {
                continue;
            }
            for (String env : ENVIRONMENTS) {
                if (!env.equals(parts[i])) {
                    String[] swapped = parts.clone();
                    swapped[i] = env;
                    add(out, String.join("", swapped) + suffix);
                }
            }
        }
    }

    private static int environmentParts(String name, String domain) {
        int n = 0;
        for (String part : ownPart(name, domain).split("[.-]")) {
            if (ENVIRONMENTS.contains(part)) {
                n++;
            }
        }
        return n;
    }

    /** The labels of {@code name} above the domain ({@code a.b} of {@code a.b.example.com}). */
    private static String ownPart(String name, String domain) {
        if (domain != null && name.endsWith("." + domain)) {
            return name.substring(0, name.length() - domain.length() - 1);
        }
        return name.substring(0, name.indexOf('.'));
    }

    private static void add(Set<String> out, String candidate) {
        if (HostnameNormalizer.isValid(candidate)) {
            out.add(candidate);
        }
    }
}
