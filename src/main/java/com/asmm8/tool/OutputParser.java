package com.asmm8.tool;

import com.asmm8.hostname.Finding;
import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts the candidate hostname from one line of a tool's output, as the tool's declaration
 * says: the whole line ({@code lines}), one field of a JSON object per line ({@code json}), or
 * group 1 of a regular expression ({@code pattern}, for example gobuster's {@code Found: name}).
 * Returns {@code null} for a line that carries no candidate; cleaning and scope come after.
 */
public final class OutputParser {

    public enum Format {
        LINES, JSON, PATTERN
    }

    private static final ObjectMapper JSON = Json.MAPPER;

    private final Format format;
    private final String field;
    private final Pattern pattern;
    private final boolean addresses;

    public OutputParser(Format format, String field, String pattern) {
        this.format = format;
        this.field = field;
        this.pattern = pattern == null ? null : Pattern.compile(pattern);
        this.addresses = pattern != null && pattern.contains("(?<addresses>");
        if (format == Format.JSON && (field == null || field.isBlank())) {
            throw new IllegalArgumentException("output format json needs 'field'");
        }
        if (format == Format.PATTERN) {
            if (this.pattern == null) {
                throw new IllegalArgumentException("output format pattern needs 'pattern'");
            }
            if (this.pattern.matcher("").groupCount() < 1) {
                throw new IllegalArgumentException("output pattern needs a capturing group for the name: " + pattern);
            }
        }
    }

    /**
     * The records a line carries beside its name, as {@link Finding} tokens, or an empty list: a
     * {@code lines} line's tab-separated tokens after the name (the built-in engine's output),
     * a {@code json} line's {@code a}, {@code aaaa} and {@code cname} arrays (dnsx {@code -json}),
     * a {@code pattern}'s named group {@code addresses} (addresses separated by commas or spaces,
     * e.g. gobuster {@code --show-ips}). Anything that is no valid record is left out.
     */
    public List<String> records(String line) {
        List<String> out = new ArrayList<>();
        if (line == null) {
            return out;
        }
        switch (format) {
            case LINES :
                String[] parts = line.split("\t");
                for (int i = 1; i < parts.length; i++) {
                    String token = token(parts[i]);
                    if (token != null) {
                        out.add(token);
                    }
                }
                return out;
            case JSON :
                String t = line.strip();
                if (t.startsWith("{")) {
                    try {
                        JsonNode node = JSON.readTree(t);
                        for (String type : List.of("a", "aaaa", "cname")) {
                            node.path(type).forEach(v -> add(out, Finding.record(type, v.asText())));
                        }
                    } catch (Exception e) {
                        // no records: the name still counts
                    }
                }
                return out;
            case PATTERN :
            default :
                if (!addresses) {
                    return out;
                }
                Matcher m = pattern.matcher(HostnameNormalizer.strip(line));
                if (m.find() && m.group("addresses") != null) {
                    for (String a : m.group("addresses").split("[,\\s]+")) {
                        if (!a.isBlank()) {
                            add(out, Finding.address(a));
                        }
                    }
                }
                return out;
        }
    }

    /** A token of a {@code lines} line: a record (value {@code -} for a type asked with none) or a lead. */
    private static String token(String raw) {
        String[] p = raw.strip().split(" ");
        if (p.length == 2 && p[1].equals("-") && List.of("A", "AAAA", "CNAME").contains(p[0])) {
            return p[0] + " -";
        }
        if (p.length == 2) {
            return Finding.record(p[0], p[1]);
        }
        return p.length == 5 && p[0].equals(Finding.LEAD) ? String.join(" ", p) : null;
    }

    private static void add(List<String> out, String token) {
        if (token != null) {
            out.add(token);
        }
    }

    public static OutputParser lines() {
        return new OutputParser(Format.LINES, null, null);
    }

    public String extract(String line) {
        if (line == null) {
            return null;
        }
        switch (format) {
            case LINES :
                int tab = line.indexOf('\t');
                return tab < 0 ? line : line.substring(0, tab);
            case JSON :
                String t = line.strip();
                if (!t.startsWith("{")) {
                    return null;
                }
                try {
                    JsonNode node = JSON.readTree(t).get(field);
                    return node != null && node.isTextual() ? node.asText() : null;
                } catch (Exception e) {
                    return null;
                }
            case PATTERN :
            default :
                Matcher m = pattern.matcher(HostnameNormalizer.strip(line));
                return m.find() ? m.group(1) : null;
        }
    }
}
