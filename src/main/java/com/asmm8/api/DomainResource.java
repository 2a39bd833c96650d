package com.asmm8.api;

import static com.asmm8.api.HttpExchanges.jsonBody;
import static com.asmm8.api.HttpExchanges.noBody;
import static com.asmm8.api.HttpExchanges.uuid;

import com.asmm8.api.HttpExchanges.Response;
import com.asmm8.db.DomainRepository;
import com.asmm8.db.DomainRepository.Domain;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;

/** The {@code /domain} endpoints (bean {@code domainApi}): the root domains of the inventory. */
public class DomainResource {

    private static final Set<String> FIELDS = Set.of("name", "companyname", "enabled");
    private static final Set<String> REQUIRED = Set.of("name");

    private final HttpExchanges http;
    private final DomainRepository domains;

    public DomainResource(HttpExchanges http, DomainRepository domains) {
        this.http = http;
        this.domains = domains;
    }

    /** GET /domain. */
    public void list(Exchange ex) throws Exception {
        http.handle(ex, GoPath.DOMAIN_LIST, () -> {
            noBody(ex);
            List<Map<String, Object>> d = domains.list();
            return Response.ok(d.size() + " domains", d);
        });
    }

    /** POST /domain: 201, or 409 when the name exists already. */
    public void create(Exchange ex) throws Exception {
        http.handle(ex, GoPath.DOMAIN_CREATE, () -> {
            JsonNode body = jsonBody(ex, http.shape().bodyFields(GoPath.DOMAIN_CREATE, FIELDS), REQUIRED);
            String name = Fields.domainName(body.get("name"));
            String company = Fields.company(body.get("companyname"));
            boolean enabled = Fields.bool(body, "enabled", true);
            Map<String, Object> d = domains.create(name, company, enabled)
                    .orElseThrow(() -> new ApiException(409, "domain " + name + " exists already"));
            return new Response(201, "domain created", d, null);
        });
    }

    /** GET /domain/{id}. */
    public void get(Exchange ex) throws Exception {
        http.handle(ex, GoPath.DOMAIN_GET, () -> {
            noBody(ex);
            return Response.ok("domain", Lookups.domain(domains, uuid(ex, "id")));
        });
    }

    /** PUT /domain/{id}: every field replaced; 409 when another domain has the new name. */
    public void update(Exchange ex) throws Exception {
        http.handle(ex, GoPath.DOMAIN_UPDATE, () -> {
            UUID id = uuid(ex, "id");
            JsonNode body = jsonBody(ex, http.shape().bodyFields(GoPath.DOMAIN_UPDATE, FIELDS), REQUIRED);
            String name = Fields.domainName(body.get("name"));
            String company = Fields.company(body.get("companyname"));
            boolean enabled = Fields.bool(body, "enabled", true);
            Lookups.domain(domains, id);
            Optional<UUID> other = domains.findByName(name).map(Domain::id);
            if (other.isPresent() && !other.get().equals(id)) {
                throw new ApiException(409, "domain " + name + " exists already");
            }
            return Response.ok("domain updated", domains.update(id, name, company, enabled)
                    .orElseThrow(() -> Lookups.noDomain(id)));
        });
    }

    /** DELETE /domain/{id}: the domain and its hostnames. */
    public void delete(Exchange ex) throws Exception {
        http.handle(ex, GoPath.DOMAIN_DELETE, () -> {
            noBody(ex);
            UUID id = uuid(ex, "id");
            if (!domains.delete(id)) {
                throw Lookups.noDomain(id);
            }
            return Response.ok("domain deleted with its hostnames", null);
        });
    }
}
