package com.asmm8.hostname;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns one candidate printed by a tool into a canonical hostname, or rejects it.
 *
 * <p>Cleaning: strips terminal escape codes and control characters, trims, lowercases, drops a
 * leading {@code *.} and a trailing dot. Validation: RFC 1123 (labels of 1-63 letters, digits and
 * inner hyphens, whole name at most 253 characters); internationalised names are converted to
 * their {@code xn--} form first. Scope: the seed domain itself or a name ending in
 * {@code "." + seed}, compared label-wise, never with "contains".
 */
public final class HostnameNormalizer {

    /** CSI sequences (colours, cursor moves), OSC sequences and lone ESC-x pairs. */
    private static final Pattern ESCAPES = Pattern.compile(
            "\\u001B\\[[0-?]*[ -/]*[@-~]|\\u001B\\][^\\u0007\\u001B]*(?:\\u0007|\\u001B\\\\)|\\u001B[@-Z\\\\-_]|\\u009B[0-?]*[ -/]*[@-~]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");
    public static final int MAX_NAME = 253;

    private HostnameNormalizer() {
    }

    /**
     * Removes escape codes and surrounding white space. A carriage return inside a line means the
     * tool redrew it (progress output): what follows the last one is the line. Any other control
     * character becomes a space, so a name with one inside is rejected rather than glued together.
     */
    public static String strip(String raw) {
        if (raw == null) {
            return "";
        }
        if (isPlain(raw)) {
            return raw; // the common case: a bare name, nothing to strip
        }
        String s = raw;
        if (s.indexOf('\u001B') >= 0 || s.indexOf('\u009B') >= 0) {
            s = ESCAPES.matcher(s).replaceAll("");
        }
        int cr = s.strip().lastIndexOf('\r');
        if (cr >= 0) {
            s = s.strip().substring(cr + 1);
        }
        s = CONTROL.matcher(s).replaceAll(" ");
        return s.strip();
    }

    /**
     * Cleans and validates a candidate; returns the canonical ASCII name or {@code null} when it
     * is not a valid hostname. Does not check scope.
     */
    public static String canonical(String raw) {
        String s = strip(raw);
        if (s.startsWith("*.")) {
            s = s.substring(2);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 4 * MAX_NAME) {
            return null;
        }
        if (!isAscii(s)) {
            try {
                s = IDN.toASCII(s, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1); // an ideographic full stop at the end maps to a dot
            }
        }
        s = s.toLowerCase(Locale.ROOT);
        return isValid(s) ? s : null;
    }

    /** RFC 1123 check of an already lower-cased ASCII name. */
    public static boolean isValid(String name) {
        int n = name == null ? 0 : name.length();
        if (n == 0 || n > MAX_NAME) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= n; i++) {
            char c = i == n ? '.' : name.charAt(i);
            if (c == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || name.charAt(labelStart) == '-' || name.charAt(i - 1) == '-') {
                    return false;
                }
                if (name.startsWith("xn--", labelStart) && !isALabel(name.substring(labelStart, i))) {
                    return false;
                }
                labelStart = i + 1;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** An {@code xn--} label that decodes to Unicode (IDNA); {@code xn--zz} does not and is no name. */
    private static boolean isALabel(String label) {
        return !IDN.toUnicode(label, IDN.USE_STD3_ASCII_RULES).equals(label);
    }

    /** Printable ASCII without white space at either end: nothing for strip() to do. */
    private static boolean isPlain(String s) {
        int n = s.length();
        if (n == 0 || s.charAt(0) == ' ' || s.charAt(n - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code name} is {@code seed} or a subdomain of it (both canonical). */
    public static boolean inScope(String name, String seed) {
        if (name == null || seed == null || seed.isEmpty()) {
            return false;
        }
        if (name.equals(seed)) {
            return true;
        }
        return name.length() > seed.length() + 1
                && name.endsWith(seed)
                && name.charAt(name.length() - seed.length() - 1) == '.';
    }

    /** Canonical name when valid and inside {@code seed}, otherwise {@code null}. */
    public static String inScopeCanonical(String raw, String seed) {
        String c = canonical(raw);
        return c != null && inScope(c, seed) ? c : null;
    }

    /**
     * Canonical form of a seed domain as a user typed it: valid, at least two labels.
     * Throws {@link IllegalArgumentException} with a readable reason otherwise.
     */
    public static String seed(String raw) {
        String c = canonical(raw);
        if (c == null || raw.strip().startsWith("*.")) {
            throw new IllegalArgumentException("not a valid domain name: '" + printable(raw) + "'");
        }
        if (c.indexOf('.') < 0) {
            throw new IllegalArgumentException("a seed domain needs at least two labels: '" + c + "'");
        }
        if (c.substring(c.lastIndexOf('.') + 1).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a domain name (an IP address, or a numeric top-level label): '" + c + "'");
        }
        return c;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** A short, log-safe rendering of untrusted input. */
    public static String printable(String raw) {
        if (raw == null) {
            return "";
        }
        String s = CONTROL.matcher(raw).replaceAll("?");
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
