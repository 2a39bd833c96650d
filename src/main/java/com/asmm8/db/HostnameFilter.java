package com.asmm8.db;

import java.sql.Timestamp;
import java.util.List;

/**
 * Which of a domain's hostnames a listing or an export takes (already validated; null = any):
 * live, enabled, a substring of the name ({@code [a-z0-9.-]}, so no LIKE wildcards), first found
 * since, a source, carrying the wildcard marker or not, answering an address in {@code network}
 * (an address or a CIDR block, validated) now, being a takeover lead or not.
 */
public record HostnameFilter(Boolean live, Boolean enabled, String contains, Timestamp since, String source,
        Boolean wildcard, String network, Boolean lead) {

    public static final HostnameFilter ALL = new HostnameFilter(null, null, null, null, null, null, null, null);

    public HostnameFilter(Boolean live, Boolean enabled, String contains, Timestamp since, String source, Boolean wildcard) {
        this(live, enabled, contains, since, source, wildcard, null, null);
    }

    /** Appends {@code AND ...} conditions for the set filters to {@code sql}, their values to {@code args}. */
    void appendTo(StringBuilder sql, List<Object> args) {
        if (live != null) {
            sql.append(" AND live = ?");
            args.add(live);
        }
        if (enabled != null) {
            sql.append(" AND enabled = ?");
            args.add(enabled);
        }
        if (contains != null) {
            // LIKE, so the trigram index (V4) answers it
            sql.append(" AND name LIKE ?");
            args.add("%" + contains + "%");
        }
        if (source != null) {
            sql.append(" AND ? = ANY (sources)");
            args.add(source);
        }
        if (wildcard != null) {
            sql.append(wildcard ? " AND 'wildcard' = ANY (sources)" : " AND NOT ('wildcard' = ANY (sources))");
        }
        if (since != null) {
            sql.append(" AND foundfirsttime >= ?");
            args.add(since);
        }
        if (network != null) {
            // the cast only for address rows (a CNAME's value is no inet)
            sql.append(" AND EXISTS (SELECT 1 FROM asmm8_record r WHERE r.hostnameid = cptm8hostname.id AND r.current"
                    + " AND CASE WHEN r.type IN ('A', 'AAAA') THEN r.value::inet END <<= ?::inet)");
            args.add(network);
        }
        if (lead != null) {
            sql.append(lead ? " AND" : " AND NOT").append(
                    " EXISTS (SELECT 1 FROM asmm8_takeover_lead l WHERE l.hostnameid = cptm8hostname.id AND l.current)");
        }
    }
}
