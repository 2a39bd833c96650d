package com.asmm8.api;

import static com.asmm8.api.HttpExchanges.boolParam;
import static com.asmm8.api.HttpExchanges.intParam;
import static com.asmm8.api.HttpExchanges.jsonBody;
import static com.asmm8.api.HttpExchanges.noBody;
import static com.asmm8.api.HttpExchanges.query;
import static com.asmm8.api.HttpExchanges.uuid;
import static com.asmm8.api.HttpExchanges.writeRaw;

import com.asmm8.api.HttpExchanges.Response;
import com.asmm8.db.DomainRepository;
import com.asmm8.db.HostnameExport;
import com.asmm8.db.HostnameFilter;
import com.asmm8.db.HostnameRepository;
import com.asmm8.db.HostnameRepository.HostnameQuery;
import com.asmm8.db.RecordRepository;
import com.asmm8.hostname.HostnameNormalizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * The {@code /domain/{id}/hostname} and {@code /domain/{id}/export} endpoints (bean
 * {@code hostnameApi}): a domain's hostnames, paged, streamed, or one at a time.
 */
public class HostnameResource {

    private static final Pattern CONTAINS = Pattern.compile("[a-z0-9.-]{1,253}");
    private static final Set<String> SORTS = Set.of("name", "foundfirsttime", "lastseen");
    private static final Set<String> LIST_PARAMS = Set.of("limit", "offset", "live", "enabled", "q", "since", "sort", "after",
            "source", "wildcard", "ip", "lead");
    private static final Set<String> EXPORT_PARAMS = Set.of("format", "live", "enabled", "q", "since", "source", "wildcard", "ip", "lead");
    private static final Set<String> SEARCH_PARAMS = Set.of("limit", "offset", "live", "enabled", "q", "since", "source", "wildcard",
            "ip", "lead");
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<String> FIELDS = Set.of("name", "enabled", "live");
    private static final Set<String> REQUIRED = Set.of("name");

    private final HttpExchanges http;
    private final DomainRepository domains;
    private final HostnameRepository hostnames;
    private final RecordRepository records;

    public HostnameResource(HttpExchanges http, DomainRepository domains, HostnameRepository hostnames, RecordRepository records) {
        this.http = http;
        this.domains = domains;
        this.hostnames = hostnames;
        this.records = records;
    }

    /**
     * GET /domain/{id}/hostname: one page, filtered and sorted; {@code page.next} is the key of the
     * next page. Without query parameters the shape in force may answer every hostname instead.
     */
    public void list(Exchange ex) throws Exception {
        http.handle(ex, GoPath.HOSTNAME_LIST, () -> {
            noBody(ex);
            UUID domainId = uuid(ex, "id");
            Lookups.domain(domains, domainId);
            Map<String, String> q = query(ex, LIST_PARAMS);
            InputStream all = q.isEmpty() ? http.shape().wholeHostnameList(hostnames, domainId) : null;
            if (all != null) {
                writeRaw(ex, "application/json", all);
                return null;
            }
            int limit = intParam(q, "limit", 100, 1, 1000);
            int offset = intParam(q, "offset", 0, 0, 10_000_000);
            String sort = q.getOrDefault("sort", "name");
            boolean desc = sort.startsWith("-");
            sort = desc ? sort.substring(1) : sort;
            if (!SORTS.contains(sort)) {
                throw new ApiException(400, "sort must be one of name, foundfirsttime, lastseen (prefix - for descending)");
            }
            HostnameFilter filter = filter(q);
            String after = q.get("after");
            if (after != null && (!sort.equals("name") || !HostnameNormalizer.isValid(after))) {
                throw new ApiException(400, "after must be a hostname (the last name of the previous page), with sort=name");
            }
            List<Map<String, Object>> page = hostnames.list(new HostnameQuery(domainId, filter, sort, desc, after,
                    limit, offset));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("limit", limit);
            meta.put("offset", offset);
            meta.put("next", page.size() == limit && sort.equals("name") ? page.get(page.size() - 1).get("name") : null);
            meta.put("total", hostnames.count(domainId, filter)); // the page shows "1-100 of 2,757"
            return new Response(200, page.size() + " hostnames", page, Map.of("page", meta));
        });
    }

    /**
     * GET /hostnames?q=&limit=&offset= (and the listing's filters): hostnames of every domain, by
     * name, each with its domain and addresses; {@code page.total} counts them all.
     */
    public void search(Exchange ex) throws Exception {
        http.handle(ex, () -> {
            noBody(ex);
            Map<String, String> q = query(ex, SEARCH_PARAMS);
            int limit = intParam(q, "limit", 50, 1, 1000);
            int offset = intParam(q, "offset", 0, 0, 10_000_000);
            HostnameFilter filter = filter(q);
            List<Map<String, Object>> found = hostnames.search(filter, limit, offset);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("limit", limit);
            meta.put("offset", offset);
            meta.put("total", hostnames.countAll(filter));
            return new Response(200, found.size() + " hostnames", found, Map.of("page", meta));
        });
    }

    /** The listing's and the export's filters: live, enabled, q, since, source, wildcard, ip, lead (400 naming a bad one). */
    private static HostnameFilter filter(Map<String, String> q) {
        String contains = q.get("q");
        if (contains != null && !CONTAINS.matcher(contains).matches()) {
            throw new ApiException(400, "q must be 1-253 characters of a-z, 0-9, '.' and '-'");
        }
        Timestamp since = null;
        if (q.containsKey("since")) {
            try {
                since = Timestamp.from(Instant.parse(q.get("since")));
            } catch (DateTimeParseException e) {
                throw new ApiException(400, "since must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
            }
        }
        String source = q.get("source");
        if (source != null && !SOURCE.matcher(source).matches()) {
            throw new ApiException(400, "source must be a tool name: 1-64 characters of a-z, 0-9, '.', '_' and '-'");
        }
        String ip = q.get("ip");
        if (ip != null && !Fields.isNetwork(ip)) {
            throw new ApiException(400, "ip must be an address or a CIDR block, such as 10.0.0.0/8 or 2001:db8::/32");
        }
        return new HostnameFilter(boolParam(q, "live"), boolParam(q, "enabled"), contains, since, source,
                boolParam(q, "wildcard"), ip, boolParam(q, "lead"));
    }

    /**
     * GET /domain/{id}/export?format=csv|ndjson: the hostnames of the domain, by name, streamed;
     * the listing's filters (live, enabled, q, since, source, wildcard) narrow it.
     */
    public void export(Exchange ex) throws Exception {
        http.handle(ex, () -> {
            noBody(ex);
            UUID domainId = uuid(ex, "id");
            Map<String, Object> domain = Lookups.domain(domains, domainId);
            Map<String, String> q = query(ex, EXPORT_PARAMS);
            HostnameFilter filter = filter(q);
            String f = q.getOrDefault("format", "csv");
            HostnameExport.Format format = switch (f) {
                case "csv" -> HostnameExport.Format.CSV;
                case "ndjson" -> HostnameExport.Format.NDJSON;
                default -> throw new ApiException(400, "format must be csv or ndjson");
            };
            HostnameExport stream = hostnames.export(domainId, filter, format);
            writeRaw(ex, format == HostnameExport.Format.CSV ? "text/csv" : "application/x-ndjson", stream)
                    .setHeader("Content-Disposition", "attachment; filename=\"" + domain.get("name") + "-hostnames." + f + "\"");
            return null;
        });
    }

    /** POST /domain/{id}/hostname: 201, or 409 when the name exists already (in any domain). */
    public void create(Exchange ex) throws Exception {
        http.handle(ex, GoPath.HOSTNAME_CREATE, () -> {
            UUID domainId = uuid(ex, "id");
            JsonNode body = jsonBody(ex, http.shape().bodyFields(GoPath.HOSTNAME_CREATE, FIELDS), REQUIRED);
            Map<String, Object> domain = Lookups.domain(domains, domainId);
            String name = Fields.hostnameIn(body.get("name"), (String) domain.get("name"));
            Map<String, Object> h = hostnames.create(domainId, name, Fields.bool(body, "enabled", true),
                    Fields.bool(body, "live", true))
                    .orElseThrow(() -> new ApiException(409, "hostname " + name + " exists already"));
            return new Response(201, "hostname created", h, null);
        });
    }

    /**
     * GET /hostname/{id}: the hostname with what it answers now ({@code records}), what it no
     * longer answers ({@code history}), its logged {@code changes} and its takeover {@code lead}.
     */
    public void detail(Exchange ex) throws Exception {
        http.handle(ex, () -> {
            noBody(ex);
            UUID id = uuid(ex, "id");
            return Response.ok("hostname", records.detail(id).orElseThrow(() -> new ApiException(404, "no hostname with id " + id)));
        });
    }

    /** GET /domain/{id}/hostname/{hostnameid}. */
    public void get(Exchange ex) throws Exception {
        http.handle(ex, GoPath.HOSTNAME_GET, () -> {
            noBody(ex);
            UUID domainId = uuid(ex, "id");
            UUID id = uuid(ex, "hostnameid");
            return Response.ok("hostname", Lookups.hostname(hostnames, domainId, id));
        });
    }

    /** PUT /domain/{id}/hostname/{hostnameid}: the name replaced; enabled and live kept unless given. */
    public void update(Exchange ex) throws Exception {
        http.handle(ex, GoPath.HOSTNAME_UPDATE, () -> {
            UUID domainId = uuid(ex, "id");
            UUID id = uuid(ex, "hostnameid");
            JsonNode body = jsonBody(ex, http.shape().bodyFields(GoPath.HOSTNAME_UPDATE, FIELDS), REQUIRED);
            Map<String, Object> domain = Lookups.domain(domains, domainId);
            String name = Fields.hostnameIn(body.get("name"), (String) domain.get("name"));
            Map<String, Object> current = Lookups.hostname(hostnames, domainId, id);
            if (!name.equals(current.get("name")) && hostnames.exists(name)) {
                throw new ApiException(409, "hostname " + name + " exists already");
            }
            return Response.ok("hostname updated", hostnames.update(domainId, id, name,
                    Fields.bool(body, "enabled", (Boolean) current.get("enabled")),
                    Fields.bool(body, "live", (Boolean) current.get("live")))
                    .orElseThrow(() -> new ApiException(404, "no hostname " + id)));
        });
    }

    /** DELETE /domain/{id}/hostname/{hostnameid}. */
    public void delete(Exchange ex) throws Exception {
        http.handle(ex, GoPath.HOSTNAME_DELETE, () -> {
            noBody(ex);
            UUID domainId = uuid(ex, "id");
            UUID id = uuid(ex, "hostnameid");
            if (!hostnames.delete(domainId, id)) {
                throw Lookups.noHostname(domainId, id);
            }
            return Response.ok("hostname deleted", null);
        });
    }
}
