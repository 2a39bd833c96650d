package com.asmm8.api;

import com.asmm8.scan.ScanRun;
import com.asmm8.tool.Phase;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code progress} of {@code GET /scan/{id}}: the running tool's counters, {@code tool},
 * {@code phase}, {@code done} of {@code total} ({@code unit}: words for a brute force, names
 * otherwise; both null when the tool does not count), {@code found}, and for the built-in DNS
 * engine {@code resolvers} ({@code healthy} of {@code total}). Live from the scan when
 * this process runs it; from the per-phase report the running daemon last stored otherwise.
 */
final class ProgressView {

    private static final ObjectMapper JSON = Json.MAPPER;

    private ProgressView() {
    }

    /** The counters of a scan this process runs; null before its first tool starts. */
    static Map<String, Object> of(ScanRun r) {
        var tool = r.getTool();
        var t = r.toolReport();
        if (tool == null || t == null) {
            return null;
        }
        boolean counted = t.total != null && t.done != null;
        Map<String, Object> p = view(tool.name(), tool.phase().id(), counted ? t.done.get() : null, counted ? t.total : null,
                t.found != null ? t.found.get() : t.accepted.get());
        var use = t.resolvers;
        if (use != null) {
            p.put("resolvers", resolvers(use.healthy(), use.total()));
        }
        return p;
    }

    /** The built-in engine's resolvers: usable now of all. */
    private static Map<String, Object> resolvers(long healthy, long total) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("healthy", healthy);
        r.put("total", total);
        return r;
    }

    /**
     * The counters another daemon stored for the running tool of phase {@code phase} (its
     * {@code phases} report); null when no tool of that phase is running or nothing is stored.
     */
    static Map<String, Object> stored(String phase, String phasesJson) {
        if (phase == null || phasesJson == null) {
            return null;
        }
        try {
            JsonNode tools = JSON.readTree(phasesJson).path(phase).path("tools");
            for (Iterator<Map.Entry<String, JsonNode>> it = tools.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode t = e.getValue();
                if ("RUNNING".equals(t.path("status").asText())) {
                    boolean counted = t.hasNonNull("done") && t.hasNonNull("total");
                    Map<String, Object> p = view(e.getKey(), phase, counted ? t.get("done").asLong() : null,
                            counted ? t.get("total").asLong() : null,
                            t.hasNonNull("found") ? t.get("found").asLong() : t.path("accepted").asLong());
                    if (t.path("resolvers").hasNonNull("healthy")) {
                        p.put("resolvers", resolvers(t.at("/resolvers/healthy").asLong(), t.at("/resolvers/total").asLong()));
                    }
                    return p;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static Map<String, Object> view(String tool, String phase, Object done, Object total, Object found) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tool", tool);
        p.put("phase", phase);
        p.put("done", done);
        p.put("total", total);
        p.put("unit", Phase.BRUTEFORCE.id().equals(phase) ? "words" : "names");
        p.put("found", found);
        return p;
    }
}
