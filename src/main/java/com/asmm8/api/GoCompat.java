package com.asmm8.api;

import static com.asmm8.api.HttpExchanges.write;

import com.asmm8.api.HttpExchanges.Response;
import com.asmm8.db.HostnameRepository;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;

/**
 * ASMM8_API_COMPAT=go: on the Go service's paths ({@link GoPath}) the answers are those a client
 * of the Go API expects: 200 for creates and scan triggers, the Go messages, {@code data} as Go
 * returned it, {@code "status": "failed"} on errors, {@code dmainid} beside {@code domainid} in
 * hostnames, every hostname of a domain in one answer, and the Go bodies of /health and /ready.
 * The Go service's bugs are not reproduced: a missing id is still 404, a hostname list holds only
 * the domain's hostnames. Other paths keep today's shape ({@link ApiShape}).
 */
final class GoCompat extends ApiShape {

    static final String SERVICE = "asmm8";

    @Override
    public String id() {
        return "go";
    }

    @Override
    String errorStatus(GoPath path) {
        return path == null ? super.errorStatus(null) : "failed";
    }

    @Override
    Response success(GoPath path, Response r) {
        if (path == null) {
            return r;
        }
        boolean launched = !path.isScanTrigger() || launched(r);
        Map<String, Object> extra = r.extra();
        if (launched && path.nullDataShown) {
            extra = Collections.singletonMap("data", null); // Go wrote "data": null here; the envelope leaves out a null data
        }
        return new Response(200, launched ? path.msg : path.noTargetMsg, path.goData(r.data()), extra);
    }

    /** Whether a scan trigger started any scan: the Go service said "No target in scope" when no domain was enabled. */
    private static boolean launched(Response r) {
        return r.data() instanceof Map<?, ?> d && d.get("scans") instanceof List<?> l && !l.isEmpty();
    }

    @Override
    Set<String> bodyFields(GoPath path, Set<String> fields) {
        if (path == null || path.echoed().isEmpty()) {
            return fields;
        }
        Set<String> all = new HashSet<>(fields);
        all.addAll(path.echoed());
        return Set.copyOf(all);
    }

    @Override
    InputStream wholeHostnameList(HostnameRepository hostnames, UUID domainId) {
        return new HostnamePages(hostnames, domainId, GoPath.HOSTNAME_LIST.msg, GoPath::hostname);
    }

    /** {@code {"status": "healthy", "timestamp", "service": "asmm8"}}, 200. */
    @Override
    void health(Exchange ex) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        body.put("timestamp", now());
        body.put("service", SERVICE);
        write(ex, 200, body);
    }

    /**
     * {@code {"status": "ready"|"not ready", "timestamp", "service": "asmm8", "checks": {"database":
     * "healthy"|"unhealthy", "rabbitmq": ..., ...}}}, 200 or 503. Ready means every check is up, as
     * today: besides Go's database and rabbitmq ("disabled" when no broker is configured), the
     * routes and the tools are named.
     */
    @Override
    void ready(Exchange ex, Collection<HealthCheck.Result> results) {
        Map<String, Boolean> up = new LinkedHashMap<>();
        for (HealthCheck.Result r : results) {
            String id = r.getCheck().getId();
            String key = id.startsWith("route") ? "routes" : id.equals("broker") ? "rabbitmq" : id;
            up.merge(key, r.getState() == HealthCheck.State.UP, Boolean::logicalAnd);
        }
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("database", word(up.getOrDefault("database", false)));
        checks.put("rabbitmq", up.containsKey("rabbitmq") ? word(up.get("rabbitmq")) : "disabled");
        up.forEach((k, v) -> checks.putIfAbsent(k, word(v)));
        boolean ok = up.containsKey("database") && !up.containsValue(false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ready" : "not ready");
        body.put("timestamp", now());
        body.put("service", SERVICE);
        body.put("checks", checks);
        write(ex, ok ? 200 : 503, body);
    }

    private static String word(boolean up) {
        return up ? "healthy" : "unhealthy";
    }

    /** The time as the Go service wrote it: RFC 3339, whole seconds, local offset. */
    private static String now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
