package com.asmm8.api;

import com.asmm8.api.ApiRepository.HostnameQuery;
import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanService;
import com.asmm8.scan.ScanType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API behind the REST routes of {@code routes/50-api.yaml}: one public method per
 * endpoint. Every method authenticates first (except health and readiness), validates all input
 * before anything is stored or started, and answers JSON {@code {"status", "msg", "data"}};
 * errors are {@code {"status":"error","msg":...}} with a 4xx code naming the field at fault.
 */
public class ApiService {

    private static final Logger LOG = LoggerFactory.getLogger(ApiService.class);
    public static final int MAX_BODY = 64 * 1024;
    private static final int MAX_COMPANY = 255;
    private static final Pattern CONTAINS = Pattern.compile("[a-z0-9.-]{1,253}");
    private static final Set<String> SORTS = Set.of("name", "foundfirsttime", "lastseen");
    private static final Set<String> STATUSES = Set.of("running", "completed", "warning", "failed", "interrupted", "cancelled");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final ApiRepository repo;
    private final ScanService scans;
    private final ApiAuth auth;
    private final CamelContext camel;
    private final javax.sql.DataSource dataSource;

    public ApiService(ApiRepository repo, ScanService scans, ApiAuth auth, CamelContext camel, javax.sql.DataSource dataSource) {
        this.dataSource = dataSource;
        this.repo = repo;
        this.scans = scans;
        this.auth = auth;
        this.camel = camel;
    }

    @FunctionalInterface
    interface Handler {
        Response handle() throws Exception;
    }

    /** A success answer. */
    record Response(int code, String msg, Object data, Map<String, Object> extra) {
        static Response ok(String msg, Object data) {
            return new Response(200, msg, data, null);
        }
    }

    // ------------------------------------------------------------ health

    public void health(Exchange ex) {
        write(ex, 200, envelope("success", "alive", null, null));
    }

    /**
     * Readiness from Camel's health checks: the routes (Camel's own check), the database and the
     * declared tools (ASMM8's). 200 when all are up, 503 naming the checks that are not.
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
        handle(ex, () -> {
            noBody(ex);
            try (var in = ApiService.class.getResourceAsStream("/openapi.json")) {
                String doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                var m = ex.getMessage();
                m.removeHeaders("*");
                m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                m.setHeader(Exchange.CONTENT_TYPE, "application/json");
                m.setBody(doc);
            }
            return null;
        });
    }

    // ------------------------------------------------------------ domains

    public void listDomains(Exchange ex) {
        handle(ex, () -> {
            noBody(ex);
            List<Map<String, Object>> d = repo.domains();
            return Response.ok(d.size() + " domains", d);
        });
    }

    public void createDomain(Exchange ex) {
        handle(ex, () -> {
            JsonNode body = jsonBody(ex, Set.of("name", "companyname", "enabled"), Set.of("name"));
            String name = domainName(body.get("name"));
            String company = company(body.get("companyname"));
            boolean enabled = bool(body, "enabled", true);
            Map<String, Object> d = repo.createDomain(name, company, enabled)
                    .orElseThrow(() -> new ApiException(409, "domain " + name + " exists already"));
            return new Response(201, "domain created", d, null);
        });
    }

    public void getDomain(Exchange ex) {
        handle(ex, () -> {
            noBody(ex);
            return Response.ok("domain", domainOr404(uuid(ex, "id")));
        });
    }

    public void updateDomain(Exchange ex) {
        handle(ex, () -> {
            UUID id = uuid(ex, "id");
            JsonNode body = jsonBody(ex, Set.of("name", "companyname", "enabled"), Set.of("name"));
            String name = domainName(body.get("name"));
            String company = company(body.get("companyname"));
            boolean enabled = bool(body, "enabled", true);
            domainOr404(id);
            Optional<UUID> other = repo.domainIdByName(name);
            if (other.isPresent() && !other.get().equals(id)) {
                throw new ApiException(409, "domain " + name + " exists already");
            }
            return Response.ok("domain updated", repo.updateDomain(id, name, company, enabled)
                    .orElseThrow(() -> new ApiException(404, "no domain with id " + id)));
        });
    }

    public void deleteDomain(Exchange ex) {
        handle(ex, () -> {
            noBody(ex);
            UUID id = uuid(ex, "id");
            if (!repo.deleteDomain(id)) {
                throw new ApiException(404, "no domain with id " + id);
            }
            return Response.ok("domain deleted with its hostnames", null);
        });
    }

    private Map<String, Object> domainOr404(UUID id) throws SQLException {
        return repo.domain(id).orElseThrow(() -> new ApiException(404, "no domain with id " + id));
    }

    // ------------------------------------------------------------ hostnames

    public void listHostnames(Exchange ex) {
        handle(ex, () -> {
            noBody(ex);
            UUID domainId = uuid(ex, "id");
            domainOr404(domainId);
            Map<String, String> q = query(ex, Set.of("limit", "offset", "live", "enabled", "q", "since", "sort", "after"));
            int limit = intParam(q, "limit", 100, 1, 1000);
            int offset = intParam(q, "offset", 0, 0, 10_000_000);
            String sort = q.getOrDefault("sort", "name");
            boolean desc = sort.startsWith("-");
            sort = desc ? sort.substring(1) : sort;
            if (!SORTS.contains(sort)) {
                throw new ApiException(400, "sort must be one of name, foundfirsttime, lastseen (prefix - for descending)");
            }
            String contains = q.get("q");
            if (contains != null && !CONTAINS.matcher(contains).matches()) {
                throw new ApiException(400, "q must be 1-253 characters of a-z, 0-9, '.' and '-'");
            }
            String after = q.get("after");
            if (after != null && (!sort.equals("name") || !HostnameNormalizer.isValid(after))) {
                throw new ApiException(400, "after must be a hostname (the last name of the previous page), with sort=name");
            }
            Timestamp since = null;
            if (q.containsKey("since")) {
                try {
                    since = Timestamp.from(Instant.parse(q.get("since")));
                } catch (DateTimeParseException e) {
                    throw new ApiException(400, "since must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
                }
            }
            List<Map<String, Object>> page = repo.hostnames(new HostnameQuery(domainId, boolParam(q, "live"),
                    boolParam(q, "enabled"), contains, since, sort, desc, after, limit, offset));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("limit", limit);
            meta.put("offset", offset);
            meta.put("next", page.size() == limit && sort.equals("name") ? page.get(page.size() - 1).get("name") : null);
            return new Response(200, page.size() + " hostnames", page, Map.of("page", meta));
        });
    }

    /** GET /domain/{id}/export?format=csv|ndjson: every hostname of the domain, streamed. */
    public void exportHostnames(Exchange ex) {
        handle(ex, () -> {
            noBody(ex);
            UUID domainId = uuid(ex, "id");
            Map<String, Object> domain = domainOr404(domainId);
            String f = query(ex, Set.of("format")).getOrDefault("format", "csv");
            HostnameExport.Format format = switch (f) {
                case "csv" -> HostnameExport.Format.CSV;
                case "ndjson" -> HostnameExport.Format.NDJSON;
                default -> throw new ApiException(400, "format must be csv or ndjson");
            };
            HostnameExport stream = new HostnameExport(dataSource, domainId, format);
            var m = ex.getMessage();
            m.removeHeaders("*");
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            m.setHeader(Exchange.CONTENT_TYPE, format == HostnameExport.Format.CSV ? "text/csv" : "application/x-ndjson");
            m.setHeader("Content-Disposition", "attachment; filename=\"" + domain.get("name") + "-hostnames."
                    + f + "\"");
            m.setBody(stream);
            return null;
        });
    }

    public void createHostname(Exchange ex) {
        handle(ex, () -> {
            UUID domainId = uuid(ex, "id");
            JsonNode body = jsonBody(ex, Set.of("name", "enabled", "live"), Set.of("name"));
            Map<String, Object> domain = domainOr404(domainId);
            String name = hostnameIn(body.get("name"), (String) domain.get("name"));
            Map<String, Object> h = repo.createHostname(domainId, name, bool(body, "enabled", true), bool(body, "live", true))
                    .orElseThrow(() -> new ApiException(409, "hostname " + name + " exists already"));
            return new Response(201, "hostname created", h, null);
        });
    }

    public void getHostname(Exchange ex) {
        handle(ex, () -> {
            noBody(ex);
            UUID domainId = uuid(ex, "id");
            UUID id = uuid(ex, "hostnameid");
            return Response.ok("hostname", repo.hostname(domainId, id)
                    .orElseThrow(() -> new ApiException(404, "no hostname " + id + " in domain " + domainId)));
        });
    }

    public void updateHostname(Exchange ex) {
        handle(ex, () -> {
            UUID domainId = uuid(ex, "id");
            UUID id = uuid(ex, "hostnameid");
            JsonNode body = jsonBody(ex, Set.of("name", "enabled", "live"), Set.of("name"));
            Map<String, Object> domain = domainOr404(domainId);
            String name = hostnameIn(body.get("name"), (String) domain.get("name"));
            Map<String, Object> current = repo.hostname(domainId, id)
                    .orElseThrow(() -> new ApiException(404, "no hostname " + id + " in domain " + domainId));
            if (!name.equals(current.get("name")) && repo.hostnameExists(name)) {
                throw new ApiException(409, "hostname " + name + " exists already");
            }
            return Response.ok("hostname updated", repo.updateHostname(domainId, id, name,
                    bool(body, "enabled", (Boolean) current.get("enabled")), bool(body, "live", (Boolean) current.get("live")))
                    .orElseThrow(() -> new ApiException(404, "no hostname " + id)));
        });
    }

    public void deleteHostname(Exchange ex) {
        handle(ex, () -> {
            noBody(ex);
            UUID domainId = uuid(ex, "id");
            UUID id = uuid(ex, "hostnameid");
            if (!repo.deleteHostname(domainId, id)) {
                throw new ApiException(404, "no hostname " + id + " in domain " + domainId);
            }
            return Response.ok("hostname deleted", null);
        });
    }

    // ------------------------------------------------------------ scans

    /** GET /scan, /scan/passive, /scan/active, /scan/check: starts scans at once and answers 202. */
    public void startScans(Exchange ex) {
        handle(ex, () -> {
            noBody(ex);
            String path = String.valueOf(ex.getMessage().getHeader(Exchange.HTTP_PATH));
            String typeId = path.endsWith("/passive") ? "passive" : path.endsWith("/active") ? "active"
                    : path.endsWith("/check") ? "check" : "complete";
            ScanType type = ScanType.of(typeId);
            Map<String, String> q = query(ex, Set.of("domains"));
            List<String> targets;
            if (q.containsKey("domains")) {
                targets = new ArrayList<>();
                for (String d : q.get("domains").split(",", -1)) {
                    String name;
                    try {
                        name = HostnameNormalizer.seed(d);
                    } catch (IllegalArgumentException e) {
                        throw new ApiException(400, "domains: " + e.getMessage());
                    }
                    if (repo.domainIdByName(name).isEmpty()) {
                        throw new ApiException(404, "domains: " + name + " is not in the inventory (POST /domain first)");
                    }
                    if (!targets.contains(name)) {
                        targets.add(name);
                    }
                }
                if (targets.size() > 1000) {
                    throw new ApiException(400, "domains: at most 1000");
                }
            } else {
                targets = repo.enabledDomainNames();
            }
            ProducerTemplate template = camel.createProducerTemplate();
            List<Map<String, Object>> started = new ArrayList<>();
            List<Map<String, Object>> running = new ArrayList<>();
            try {
                for (String d : targets) {
                    ScanService.Started s = scans.start(d, type);
                    if (s.run() != null) {
                        template.sendBody("seda:scan-queue", s.run());
                        started.add(Map.of("id", s.run().getId(), "domain", d, "type", type.id()));
                    } else {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("domain", d);
                        r.put("id", s.runningId());
                        running.add(r);
                    }
                }
            } finally {
                template.close();
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("scans", started);
            data.put("running", running);
            if (started.isEmpty() && !running.isEmpty()) {
                throw new ApiException(409, "already being scanned: " + running, data);
            }
            return new Response(202, started.size() + " " + type.id() + " scans started", data, null);
        });
    }

    public void getScan(Exchange ex) {
        handle(ex, () -> {
            noBody(ex);
            UUID id = uuid(ex, "id");
            Map<String, Object> run = new LinkedHashMap<>(repo.scan(id)
                    .orElseThrow(() -> new ApiException(404, "no scan with id " + id)));
            Optional<ScanRun> live = scans.activeRuns().stream().filter(r -> r.getId().equals(id)).findFirst();
            live.ifPresent(r -> {
                run.put("hostnamesseen", r.getHostnamesSeen());
                run.put("newhostnames", r.getNewHostnames());
                run.put("livechanges", r.getLiveChanges());
                run.put("phase", r.getPhase() == null ? null : r.getPhase().id());
            });
            run.put("newhostnamelist", repo.newHostnames((String) run.get("domain"),
                    Timestamp.from(Instant.parse((String) run.get("startedat"))), 1000));
            return Response.ok("scan", run);
        });
    }

    public void listScans(Exchange ex) {
        handle(ex, () -> {
            noBody(ex);
            Map<String, String> q = query(ex, Set.of("domain", "status", "limit"));
            String domain = null;
            if (q.containsKey("domain")) {
                try {
                    domain = HostnameNormalizer.seed(q.get("domain"));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(400, "domain: " + e.getMessage());
                }
            }
            String status = q.get("status");
            if (status != null && !STATUSES.contains(status)) {
                throw new ApiException(400, "status must be one of " + STATUSES);
            }
            List<Map<String, Object>> l = repo.scans(domain, status, intParam(q, "limit", 50, 1, 500));
            return Response.ok(l.size() + " scans", l);
        });
    }

    public void cancelScan(Exchange ex) {
        handle(ex, () -> {
            noBody(ex);
            UUID id = uuid(ex, "id");
            Map<String, Object> run = repo.scan(id).orElseThrow(() -> new ApiException(404, "no scan with id " + id));
            if (!"running".equals(run.get("status"))) {
                throw new ApiException(409, "scan " + id + " is not running (" + run.get("status") + ")");
            }
            if (!scans.cancel(id)) {
                throw new ApiException(409, "scan " + id + " runs in another process; cancel it there");
            }
            return new Response(202, "scan " + id + " is being cancelled", Map.of("id", id), null);
        });
    }

    // ------------------------------------------------------------ validation

    private void handle(Exchange ex, Handler h) {
        try {
            auth.check(ex.getMessage().getHeader("Authorization", String.class));
            Response r = h.handle();
            if (r != null) { // null: the handler wrote a streamed answer itself
                write(ex, r.code(), envelope("success", r.msg(), r.data(), r.extra()));
            }
        } catch (ApiException e) {
            Map<String, Object> extra = e.data() == null ? null : Map.of("data", e.data());
            write(ex, e.status(), envelope("error", e.getMessage(), null, extra));
        } catch (Exception e) {
            LOG.error("API {} {} failed", ex.getMessage().getHeader(Exchange.HTTP_METHOD),
                    ex.getMessage().getHeader(Exchange.HTTP_PATH), e);
            write(ex, 500, envelope("error", "internal error (logged)", null, null));
        }
    }

    private static Map<String, Object> envelope(String status, String msg, Object data, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("msg", msg);
        if (data != null) {
            m.put("data", data);
        }
        if (extra != null) {
            m.putAll(extra);
        }
        return m;
    }

    private static void write(Exchange ex, int code, Map<String, Object> body) {
        var m = ex.getMessage();
        m.removeHeaders("*", Exchange.HTTP_RESPONSE_CODE);
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            m.setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            m.setBody("{\"status\":\"error\",\"msg\":\"internal error\"}");
        }
    }

    private static UUID uuid(Exchange ex, String param) {
        String v = ex.getMessage().getHeader(param, String.class);
        try {
            if (v == null || v.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, param + " must be a UUID");
        }
    }

    private static byte[] rawBody(Exchange ex) {
        byte[] b = ex.getMessage().getBody(byte[].class);
        if (b != null && b.length > MAX_BODY) {
            throw new ApiException(413, "body larger than " + MAX_BODY + " bytes");
        }
        return b == null ? new byte[0] : b;
    }

    private static void noBody(Exchange ex) {
        rawBody(ex); // only the size matters: a body on GET or DELETE is ignored
    }

    private static JsonNode jsonBody(Exchange ex, Set<String> allowed, Set<String> required) {
        byte[] b = rawBody(ex);
        String ct = ex.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "Content-Type must be application/json");
        }
        if (b.length == 0) {
            throw new ApiException(400, "a JSON object body is required");
        }
        JsonNode node;
        try {
            node = JSON.readTree(b);
        } catch (java.io.IOException e) {
            throw new ApiException(400, "malformed JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "the body must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new ApiException(400, "unknown field '" + HostnameNormalizer.printable(f) + "' (allowed: " + allowed + ")");
            }
        }
        for (String f : required) {
            if (!node.hasNonNull(f)) {
                throw new ApiException(400, "field '" + f + "' is required");
            }
        }
        return node;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String l = nl < 0 ? s : s.substring(0, nl);
        return l.length() > 200 ? l.substring(0, 200) : l;
    }

    private static String domainName(JsonNode n) {
        if (!n.isTextual()) {
            throw new ApiException(400, "field 'name' must be a string");
        }
        if (n.asText().length() > 1000) {
            throw new ApiException(400, "field 'name' is too long");
        }
        noControl(n.asText(), "name");
        try {
            return HostnameNormalizer.seed(n.asText());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "field 'name': " + e.getMessage());
        }
    }

    private static String hostnameIn(JsonNode n, String domain) {
        if (!n.isTextual() || n.asText().length() > 1000) {
            throw new ApiException(400, "field 'name' must be a hostname string");
        }
        String raw = n.asText();
        noControl(raw, "name");
        String c = raw.strip().startsWith("*") ? null : HostnameNormalizer.canonical(raw);
        if (c == null) {
            throw new ApiException(400, "field 'name': not a valid hostname: '" + HostnameNormalizer.printable(raw) + "'");
        }
        if (!HostnameNormalizer.inScope(c, domain)) {
            throw new ApiException(400, "field 'name': " + c + " is not inside " + domain);
        }
        return c;
    }

    /** Input from a user is refused, not cleaned, when it carries control characters. */
    private static void noControl(String s, String field) {
        if (s.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(400, "field '" + field + "' contains control characters");
        }
    }

    private static String company(JsonNode n) {
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw new ApiException(400, "field 'companyname' must be a string");
        }
        String s = n.asText();
        if (s.length() > MAX_COMPANY) {
            throw new ApiException(400, "field 'companyname' is longer than " + MAX_COMPANY + " characters");
        }
        if (!HostnameNormalizer.strip(s).equals(s.strip()) || s.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(400, "field 'companyname' contains control characters");
        }
        return s.strip();
    }

    private static boolean bool(JsonNode body, String field, boolean dflt) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new ApiException(400, "field '" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    /** The query parameters, decoded; unknown or repeated ones are refused. */
    private static Map<String, String> query(Exchange ex, Set<String> allowed) {
        String raw = ex.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        if (raw.length() > 8192) {
            throw new ApiException(400, "query string too long");
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k;
            String v;
            try {
                k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "malformed query string");
            }
            if (!allowed.contains(k)) {
                throw new ApiException(400, "unknown query parameter '" + HostnameNormalizer.printable(k) + "' (allowed: " + allowed + ")");
            }
            if (out.put(k, v) != null) {
                throw new ApiException(400, "query parameter '" + k + "' given twice");
            }
        }
        return out;
    }

    private static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
        String v = q.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + " must be a whole number from " + min + " to " + max);
        }
    }

    private static Boolean boolParam(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null) {
            return null;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new ApiException(400, name + " must be true or false");
        }
        return Boolean.valueOf(v);
    }
}
