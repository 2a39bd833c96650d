package com.asmm8.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The format of {@code config/tools.yaml}: parses a declarations file into {@link ToolDefinition}s
 * and refuses, naming the tool and the problem, anything it does not understand (unknown keys,
 * phases or placeholders, bad timeouts, duplicate names).
 */
public final class ToolsFile {

    static final Set<String> PLACEHOLDERS = Set.of(
            "domain", "wordlist", "input", "output", "threads",
            "resolvers", "resolvers_file", "resolver", "resolver_host", "resolver_port", "permutation_words", "permutations_max",
            "asmm8_jar",
            "subfinder_config", "subfinder_providers");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9_]+)}");
    private static final Set<String> KEYS = Set.of(
            "name", "phase", "binary", "args", "output", "timeout", "install", "description", "version",
            "source", "url", "enabled", "engine");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ToolsFile() {
    }

    /** Parses and validates a declarations file; the message of the exception names the problem. */
    public static List<ToolDefinition> parse(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("tools").isArray()) {
            throw new IllegalArgumentException(file + " must have a top-level 'tools:' list");
        }
        List<ToolDefinition> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode n : root.get("tools")) {
            i++;
            String where = "tools[" + i + "]";
            try {
                ToolDefinition t = definition(n);
                where = "tool '" + t.name() + "'";
                if (!names.add(t.name())) {
                    throw new IllegalArgumentException("declared twice");
                }
                JsonNode enabled = n.path("enabled");
                if (!enabled.isMissingNode() && !enabled.isBoolean()) {
                    throw new IllegalArgumentException("enabled must be true or false");
                }
                if (enabled.asBoolean(true)) {
                    out.add(t); // a switched-off tool is checked, then left out
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + where + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    static ToolDefinition definition(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("must be a mapping");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "' (known: " + KEYS + ")");
            }
        }
        String name = text(n, "name", true);
        if (!name.matches("[a-z0-9][a-z0-9_-]{0,39}")) {
            throw new IllegalArgumentException("name must be lowercase letters, digits, - or _: " + name);
        }
        Phase phase;
        try {
            phase = Phase.of(text(n, "phase", true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("phase must be one of " + Phase.ids());
        }
        String engine = text(n, "engine", false);
        if (engine != null) {
            return engine(n, name, phase, engine);
        }
        String source = text(n, "source", false);
        if (source != null) {
            return source(n, name, phase, source);
        }
        String binary = text(n, "binary", true);
        List<Object> args = new ArrayList<>();
        boolean usesOutput = false;
        JsonNode a = n.path("args");
        if (!a.isMissingNode() && !a.isArray()) {
            throw new IllegalArgumentException("args must be a list");
        }
        for (JsonNode arg : a) {
            if (arg.isArray()) {
                List<String> group = new ArrayList<>();
                for (JsonNode g : arg) {
                    group.add(scalar(g));
                }
                args.add(List.copyOf(group));
                for (String s : group) {
                    usesOutput |= checkPlaceholders(s);
                }
            } else {
                String s = scalar(arg);
                args.add(s);
                usesOutput |= checkPlaceholders(s);
            }
        }
        JsonNode o = n.path("output");
        OutputParser parser;
        if (o.isMissingNode() || o.isNull()) {
            parser = OutputParser.lines();
        } else {
            String format = o.isTextual() ? o.asText() : text(o, "format", true);
            OutputParser.Format f;
            try {
                f = OutputParser.Format.valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("output format must be lines, json or pattern, not " + format);
            }
            try {
                parser = new OutputParser(f, o.isObject() ? text(o, "field", false) : null,
                        o.isObject() ? text(o, "pattern", false) : null);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad output pattern: " + e.getDescription());
            }
        }
        Duration timeout = duration(Optional.ofNullable(text(n, "timeout", false)).orElse("30m"));
        List<String> version = new ArrayList<>();
        for (JsonNode v : n.path("version")) {
            version.add(scalar(v));
        }
        return new ToolDefinition(name, phase, binary, List.copyOf(args), parser, usesOutput, timeout,
                text(n, "install", false), List.copyOf(version));
    }

    /** A source built into ASMM8: {@code source} (its format), an optional {@code url} and timeout; no binary. */
    private static ToolDefinition source(JsonNode n, String name, Phase phase, String source) {
        for (String k : List.of("binary", "args", "output", "version")) {
            if (n.has(k)) {
                throw new IllegalArgumentException("'" + k + "' does not apply to a built-in source (source: " + source + ")");
            }
        }
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("source must be one of " + SOURCES + ", not " + source);
        }
        if (phase != Phase.PASSIVE) {
            throw new IllegalArgumentException("a built-in source belongs to the passive phase");
        }
        String url = text(n, "url", false);
        if (url != null && !url.matches("https?://\\S+")) {
            throw new IllegalArgumentException("url must be an http:// or https:// URL, not " + url);
        }
        Duration timeout = duration(Optional.ofNullable(text(n, "timeout", false)).orElse("5m"));
        return new ToolDefinition(name, phase, "asmm8:" + source, List.of(), OutputParser.lines(), false, timeout,
                "built into ASMM8", List.of(), source, url);
    }

    /**
     * An engine built into ASMM8, no binary: {@code engine: dns} (the resolution engine) in a
     * bruteforce, resolve or check phase; {@code engine: axfr} (zone transfer) or {@code nsec}
     * (NSEC walk) in the zone phase.
     */
    private static ToolDefinition engine(JsonNode n, String name, Phase phase, String engine) {
        for (String k : List.of("binary", "args", "output", "version", "source", "url")) {
            if (n.has(k)) {
                throw new IllegalArgumentException("'" + k + "' does not apply to the built-in DNS engine (engine: " + engine + ")");
            }
        }
        if (!List.of("dns", "axfr", "nsec").contains(engine)) {
            throw new IllegalArgumentException("engine must be dns, axfr or nsec, not " + engine);
        }
        if (engine.equals("dns") && phase != Phase.BRUTEFORCE && phase != Phase.RESOLVE && phase != Phase.CHECK) {
            throw new IllegalArgumentException("the DNS engine runs in the bruteforce, resolve or check phase, not " + phase.id());
        }
        if (!engine.equals("dns") && phase != Phase.ZONE) {
            throw new IllegalArgumentException("engine " + engine + " runs in the zone phase, not " + phase.id());
        }
        Duration timeout = duration(Optional.ofNullable(text(n, "timeout", false)).orElse("2h"));
        return new ToolDefinition(name, phase, "asmm8:" + engine, List.of(), OutputParser.lines(), false, timeout,
                "built into ASMM8", List.of(), null, null, engine);
    }

    /** The built-in sources' formats. */
    public static final Set<String> SOURCES = com.asmm8.source.SourceFormat.ids();

    private static boolean checkPlaceholders(String s) {
        Matcher m = PLACEHOLDER.matcher(s);
        boolean output = false;
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new IllegalArgumentException("unknown placeholder {" + m.group(1) + "} (known: " + PLACEHOLDERS + ")");
            }
            output |= m.group(1).equals("output");
        }
        return output;
    }

    private static String scalar(JsonNode n) {
        if (!n.isValueNode() || n.isNull()) {
            throw new IllegalArgumentException("an argument must be a string, or a list of strings");
        }
        return n.asText();
    }

    private static String text(JsonNode n, String key, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("'" + key + "' is required");
            }
            return null;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException("'" + key + "' must be a single value");
        }
        return v.asText();
    }

    /** Parses {@code 90s}, {@code 30m}, {@code 2h} or a plain number of seconds. */
    public static Duration duration(String s) {
        Matcher m = Pattern.compile("\\s*(\\d{1,7})\\s*(ms|s|m|h)?\\s*").matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("timeout must look like 90s, 30m or 2h, not '" + s + "'");
        }
        long v = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(v);
            case "m" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            default -> Duration.ofSeconds(v);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return d;
    }

}
