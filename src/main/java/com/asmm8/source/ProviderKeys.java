package com.asmm8.source;

import com.asmm8.util.ConfigurationError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys of the keyed passive sources, read from subfinder's own {@code provider-config.yaml}
 * ({@code ASMM8_PROVIDER_CONFIG}), so a subfinder user's keys work unchanged: each source's name
 * with a list of keys ({@code virustotal: [key1, key2]}; a source of two parts, such as censys,
 * as {@code id:secret}; {@code $NAME} for an environment variable's value, as subfinder reads it). Read again when the file changes. Successive runs of a source start at
 * the next key, so the keys share the load. A key's value never reaches a log, the scan record
 * or the API: it is named by its place ("key 2 of 3").
 */
public final class ProviderKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderKeys.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path file;
    private volatile Map<String, List<String>> keys = Map.of();
    private volatile FileTime readAt;
    private final Map<String, AtomicInteger> next = new ConcurrentHashMap<>();

    /** @param file the provider config, or null when none is set (the keyed sources then fail saying so) */
    public ProviderKeys(Path file) {
        this.file = file;
    }

    /** Where the keys are read from, for messages (null: none set). */
    public Path file() {
        return file;
    }

    /** The keys of a source, in the file's order, starting at this run's turn; empty when it has none. */
    public List<String> of(String source) {
        List<String> all = current().getOrDefault(source.toLowerCase(Locale.ROOT), List.of());
        if (all.size() < 2) {
            return all;
        }
        int start = Math.floorMod(next.computeIfAbsent(source, s -> new AtomicInteger()).getAndIncrement(), all.size());
        List<String> turn = new ArrayList<>(all.subList(start, all.size()));
        turn.addAll(all.subList(0, start));
        return turn;
    }

    /** The place of a key in the file's list (1-based), for messages that must not show it. */
    public int place(String source, String key) {
        return current().getOrDefault(source.toLowerCase(Locale.ROOT), List.of()).indexOf(key) + 1;
    }

    private Map<String, List<String>> current() {
        if (file == null) {
            return Map.of();
        }
        try {
            FileTime m = Files.getLastModifiedTime(file);
            if (!m.equals(readAt)) {
                keys = read(file);
                readAt = m;
            }
        } catch (IOException e) {
            LOG.warn("ASMM8_PROVIDER_CONFIG: {} cannot be read ({}); the keyed sources have no key", file, e.getMessage());
            keys = Map.of();
            readAt = null;
        } catch (ConfigurationError e) {
            LOG.warn("{}; the keys read before stay in use", e.getMessage());
        }
        return keys;
    }

    /** A key as subfinder reads it: {@code $NAME} is the environment variable's value (left out when it is unset). */
    private static void add(List<String> keys, String raw) {
        String k = raw.strip();
        if (k.startsWith("$") && k.length() > 1) {
            k = Optional.ofNullable(System.getenv(k.substring(1))).orElse("").strip();
        }
        if (!k.isEmpty()) {
            keys.add(k);
        }
    }

    /** The file's sources and their keys (blank keys left out). */
    static Map<String, List<String>> read(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        Map<String, List<String>> out = new HashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw new ConfigurationError("ASMM8_PROVIDER_CONFIG: " + file + " is not a map of sources to their keys");
        }
        root.fields().forEachRemaining(e -> {
            List<String> ks = new ArrayList<>();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                v.forEach(k -> {
                    if (k.isValueNode()) {
                        add(ks, k.asText());
                    }
                });
            } else if (v.isValueNode()) {
                add(ks, v.asText());
            }
            out.put(e.getKey().toLowerCase(Locale.ROOT), List.copyOf(ks));
        });
        return out;
    }
}
