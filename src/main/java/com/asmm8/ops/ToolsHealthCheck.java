package com.asmm8.ops;

import com.asmm8.tool.ToolCatalog;
import com.asmm8.tool.ToolDefinition;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The declared tools: for each, whether it is on PATH, where, and the version it reports.
 * Always up (a phase without a tool is recorded as skipped): it informs, it does not gate.
 */
public final class ToolsHealthCheck extends AbstractHealthCheck {
    private final ToolCatalog catalog;
    private final Map<String, Optional<String>> versions = new ConcurrentHashMap<>();

    public ToolsHealthCheck(ToolCatalog catalog) {
        super("asmm8", "tools");
        this.catalog = catalog;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        int present = 0;
        int declared = 0;
        for (ToolDefinition t : catalog.tools()) {
            declared++;
            Map<String, Object> info = new LinkedHashMap<>();
            if (t.isBuiltIn()) {
                present++;
                info.put("phase", t.phase().id());
                info.put("present", true);
                info.put("source", t.isSource() ? "built in (" + t.source() + ", HTTP)" : "built in (DNS engine)");
                builder.detail(t.name(), info);
                continue;
            }
            Optional<Path> where = ToolCatalog.locate(t.binary());
            info.put("phase", t.phase().id());
            info.put("present", where.isPresent());
            if (where.isPresent()) {
                present++;
                Path p = where.get();
                info.put("path", p.toString());
                versions.computeIfAbsent(p + " " + t.version(), k -> Optional.ofNullable(ToolCatalog.version(t, p)))
                        .ifPresent(v -> info.put("version", v));
            }
            builder.detail(t.name(), info);
        }
        builder.up().message(present + " of " + declared + " declared tools installed");
    }
}
