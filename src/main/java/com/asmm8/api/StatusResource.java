package com.asmm8.api;

import static com.asmm8.api.HttpExchanges.envelope;
import static com.asmm8.api.HttpExchanges.noBody;
import static com.asmm8.api.HttpExchanges.write;
import static com.asmm8.api.HttpExchanges.writeRaw;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The service's own endpoints (bean {@code statusApi}): liveness and readiness, open to all so
 * probes need no token, and the API description, behind the token like the rest.
 */
public class StatusResource {

    private final HttpExchanges http;
    private final CamelContext camel;

    public StatusResource(HttpExchanges http, CamelContext camel) {
        this.http = http;
        this.camel = camel;
    }

    /** GET /health: 200 while the process answers. */
    public void health(Exchange ex) {
        write(ex, 200, envelope("success", "alive", null, null));
    }

    /**
     * GET /ready: readiness from Camel's health checks: the routes (Camel's own check), the
     * database and the declared tools (ASMM8's). 200 when all are up, 503 naming the checks that are not.
     */
    public void ready(Exchange ex) {
        Map<String, Object> checks = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();
        for (HealthCheck.Result r : HealthCheckHelper.invokeReadiness(camel)) {
            String id = r.getCheck().getId();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("state", r.getState().name());
            r.getMessage().ifPresent(m -> c.put("message", m));
            if (id.equals("tools")) {
                Map<String, Object> tools = new LinkedHashMap<>(r.getDetails());
                tools.keySet().removeIf(k -> !(tools.get(k) instanceof Map));
                c.put("tools", tools);
            }
            checks.put(id, c);
            if (r.getState() != HealthCheck.State.UP) {
                down.add(id + (r.getMessage().isPresent() ? " (" + r.getMessage().get() + ")" : ""));
            }
        }
        boolean ok = down.isEmpty() && !checks.isEmpty();
        write(ex, ok ? 200 : 503, envelope(ok ? "success" : "error",
                ok ? "ready" : "not ready: " + (checks.isEmpty() ? "health checks not running" : String.join(", ", down)), checks, null));
    }

    /** GET /openapi.json: the API description (src/main/resources/openapi.json). */
    public void openapi(Exchange ex) {
        http.handle(ex, () -> {
            noBody(ex);
            try (var in = StatusResource.class.getResourceAsStream("/openapi.json")) {
                writeRaw(ex, "application/json", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            return null;
        });
    }
}
