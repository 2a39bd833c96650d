package com.asmm8.api;

import static com.asmm8.api.HttpExchanges.envelope;
import static com.asmm8.api.HttpExchanges.write;

import com.asmm8.api.HttpExchanges.Response;
import com.asmm8.db.HostnameRepository;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;

/**
 * How the API's answers are shaped (asmm8.api.compat, {@code ASMM8_API_COMPAT}). This class is
 * today's shape: {@code {"status": "success"|"error", "msg", "data"}}, 201 for creates, 202 for
 * scan triggers, one page of hostnames at a time. {@link GoCompat} (compat {@code go}) answers the
 * Go service's paths ({@link GoPath}) as that service did. The HTTP plumbing and the resources
 * consult the shape in force instead of testing the mode themselves.
 */
public class ApiShape {

    /** The shape for an asmm8.api.compat value: empty for today's, {@code go} for the Go service's. */
    public static ApiShape of(String compat) {
        String c = compat == null ? "" : compat.strip().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "" -> new ApiShape();
            case "go" -> new GoCompat();
            default -> throw new IllegalArgumentException(
                    "asmm8.api.compat (ASMM8_API_COMPAT) must be empty or 'go', not '" + compat + "'");
        };
    }

    ApiShape() {
    }

    /** The name of the mode, for logs. */
    public String id() {
        return "";
    }

    /** The {@code status} of an error answer on {@code path} (null: not a Go path). */
    String errorStatus(GoPath path) {
        return "error";
    }

    /** The {@code status} of an error answered before any endpoint ran (the HTTP gate), by request path. */
    String errorStatusOf(String requestPath) {
        return errorStatus(GoPath.covers(requestPath) ? GoPath.DOMAIN_LIST : null);
    }

    /** The success answer on {@code path} (null: not a Go path), from today's answer {@code r}. */
    Response success(GoPath path, Response r) {
        return r;
    }

    /** The request body fields accepted on {@code path}: {@code fields}, and whatever the shape also tolerates. */
    Set<String> bodyFields(GoPath path, Set<String> fields) {
        return fields;
    }

    /**
     * GET /domain/{id}/hostname without query parameters: the whole list as one streamed answer,
     * or null for today's first page.
     */
    InputStream wholeHostnameList(HostnameRepository hostnames, UUID domainId) {
        return null;
    }

    /** GET /health: 200 while the process answers. */
    void health(Exchange ex) {
        write(ex, 200, envelope("success", "alive", null, null));
    }

    /**
     * GET /ready from the readiness results: the routes (Camel's own check), the database and the
     * declared tools (ASMM8's), and the broker when one is configured. 200 when all are up, 503
     * naming the checks that are not.
     */
    void ready(Exchange ex, Collection<HealthCheck.Result> results) {
        Map<String, Object> checks = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();
        for (HealthCheck.Result r : results) {
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
}
