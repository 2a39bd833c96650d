package com.asmm8.api;

import static com.asmm8.api.HttpExchanges.intParam;
import static com.asmm8.api.HttpExchanges.noBody;
import static com.asmm8.api.HttpExchanges.query;

import com.asmm8.api.HttpExchanges.Response;
import com.asmm8.db.DomainRepository;
import com.asmm8.db.InventoryViews;
import com.asmm8.hostname.HostnameNormalizer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;

/**
 * The endpoints the web page reads the inventory through (bean {@code inventoryApi}):
 * {@code GET /domains} (every domain with its counts and last scan), {@code GET /changes} (new
 * names and live flips since a time), {@code GET /stats/found} (names found per day and domain).
 */
public class InventoryResource {

    private final HttpExchanges http;
    private final DomainRepository domains;
    private final InventoryViews views;

    public InventoryResource(HttpExchanges http, DomainRepository domains, InventoryViews views) {
        this.http = http;
        this.domains = domains;
        this.views = views;
    }

    /** GET /domains: every domain with {@code hostnames}, {@code live} and {@code lastscan} (or null). */
    public void overview(Exchange ex) throws Exception {
        http.handle(ex, () -> {
            noBody(ex);
            query(ex, Set.of());
            List<Map<String, Object>> l = views.domainOverview();
            return Response.ok(l.size() + " domains", l);
        });
    }

    /**
     * GET /changes?since=&domain=&limit=: names first found ({@code new}), names whose live flag
     * flipped ({@code live}, {@code dark}), names whose addresses or CNAME changed ({@code records}:
     * {@code type}, {@code old}, {@code new}) and takeover leads ({@code lead}) at or after
     * {@code since} (default: 24 hours ago), newest first, at most {@code limit} (100 by default, at
     * most 1000).
     */
    public void changes(Exchange ex) throws Exception {
        http.handle(ex, () -> {
            noBody(ex);
            Map<String, String> q = query(ex, Set.of("since", "domain", "limit"));
            Instant since = Instant.now().minus(Duration.ofHours(24));
            if (q.containsKey("since")) {
                try {
                    since = Instant.parse(q.get("since"));
                } catch (DateTimeParseException e) {
                    throw new ApiException(400, "since must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
                }
            }
            UUID domainId = q.containsKey("domain") ? domainId(q.get("domain")) : null;
            int limit = intParam(q, "limit", 100, 1, 1000);
            List<Map<String, Object>> l = views.changes(Timestamp.from(since), domainId, limit);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("since", since.toString());
            meta.put("limit", limit);
            meta.put("truncated", l.size() == limit);
            return new Response(200, l.size() + " changes", l, Map.of("page", meta));
        });
    }

    /**
     * GET /stats/sources?days=&domain=&scan=: what each source is worth: per source, the names it
     * found ({@code names}) and those no other source found ({@code unique}), among the names seen
     * in the last {@code days} (30; 1-366), of one domain, or in one scan (names seen since it began).
     */
    public void sourceWorth(Exchange ex) throws Exception {
        http.handle(ex, () -> {
            noBody(ex);
            Map<String, String> q = query(ex, Set.of("days", "domain", "scan"));
            int days = intParam(q, "days", 30, 1, 366);
            Timestamp since = Timestamp.from(Instant.now().minus(Duration.ofDays(days)));
            UUID domainId = q.containsKey("domain") ? domainId(q.get("domain")) : null;
            Map<String, Object> meta = new LinkedHashMap<>();
            if (q.containsKey("scan")) {
                UUID scan;
                try {
                    scan = UUID.fromString(q.get("scan"));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(400, "scan must be a scan id (a UUID)");
                }
                Map<String, Object> run = views.scanStart(scan).orElseThrow(() -> new ApiException(404, "no scan with id " + scan));
                since = Timestamp.from(Instant.parse(String.valueOf(run.get("startedat"))));
                domainId = UUID.fromString(String.valueOf(run.get("domainid")));
                meta.put("scan", scan.toString());
            } else {
                meta.put("days", days);
            }
            meta.put("since", since.toInstant().toString());
            List<Map<String, Object>> l = views.sourceWorth(since, domainId);
            return new Response(200, l.size() + " sources", l, meta);
        });
    }

    /** GET /stats/found?days=: names first found per UTC day and domain over the last {@code days} (30; 1-366). */
    public void foundPerDay(Exchange ex) throws Exception {
        http.handle(ex, () -> {
            noBody(ex);
            int days = intParam(query(ex, Set.of("days")), "days", 30, 1, 366);
            List<Map<String, Object>> l = views.foundPerDay(days);
            return new Response(200, l.size() + " domain-days", l, Map.of("days", days));
        });
    }

    /** The id of a domain named in a query (400 when it is no domain name, 404 when not in the inventory). */
    private UUID domainId(String given) throws Exception {
        String name;
        try {
            name = HostnameNormalizer.seed(given);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "domain: " + e.getMessage());
        }
        return domains.findByName(name).orElseThrow(() -> new ApiException(404, "domain: " + name + " is not in the inventory")).id();
    }
}
