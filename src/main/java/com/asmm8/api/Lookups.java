package com.asmm8.api;

import com.asmm8.db.DomainRepository;
import com.asmm8.db.HostnameRepository;
import com.asmm8.db.ScanRunRepository;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/** The stored rows an endpoint needs, or its 404: each not-found message is written once here. */
final class Lookups {

    private Lookups() {
    }

    static Map<String, Object> domain(DomainRepository domains, UUID id) throws SQLException {
        return domains.get(id).orElseThrow(() -> noDomain(id));
    }

    static Map<String, Object> hostname(HostnameRepository hostnames, UUID domainId, UUID id) throws SQLException {
        return hostnames.get(domainId, id).orElseThrow(() -> noHostname(domainId, id));
    }

    static Map<String, Object> scan(ScanRunRepository runs, UUID id) throws SQLException {
        return runs.get(id).orElseThrow(() -> new ApiException(404, "no scan with id " + id));
    }

    static ApiException noDomain(UUID id) {
        return new ApiException(404, "no domain with id " + id);
    }

    static ApiException noHostname(UUID domainId, UUID id) {
        return new ApiException(404, "no hostname " + id + " in domain " + domainId);
    }
}
