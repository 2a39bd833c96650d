package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Takeover leads ({@code asmm8_takeover_lead}): the ones to announce, claimed by one daemon at a
 * time (a claim older than a minute is stale: its daemon died before it announced), and marked
 * announced once published, so each lead is announced once; and a domain's current leads for the
 * API.
 */
public class LeadRepository {

    private static final String CLAIM = """
            UPDATE asmm8_takeover_lead t SET claimedat = now()
            FROM (SELECT hostnameid FROM asmm8_takeover_lead
                  WHERE current AND notifiedat IS NULL AND (claimedat IS NULL OR claimedat < now() - interval '1 minute')
                  ORDER BY firstseen LIMIT ? FOR UPDATE SKIP LOCKED) c
            WHERE t.hostnameid = c.hostnameid
            RETURNING t.hostnameid, t.name, t.service, t.target, t.rcode, array_to_string(t.chain, ',') AS chain,
                      (SELECT d.name FROM cptm8domain d WHERE d.id = t.domainid) AS domain
            """;

    private final DataSource ds;

    public LeadRepository(DataSource ds) {
        this.ds = ds;
    }

    /** Claims at most {@code limit} leads not yet announced: each a map of hostnameid, name, service, target, rcode, chain, domain. */
    public List<Map<String, Object>> claim(int limit) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setInt(1, limit);
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("hostnameid", rs.getObject("hostnameid", UUID.class).toString());
                    for (String k : List.of("name", "domain", "service", "target", "rcode", "chain")) {
                        m.put(k, rs.getString(k));
                    }
                    out.add(m);
                }
            }
            return out;
        }
    }

    /** A name to probe over HTTP: its first address, the CNAME under the service's suffix, its CNAME values. */
    public record ProbeTarget(String hostnameId, String name, String address, List<String> cnames) {
    }

    // names of the domain with an address and a CNAME under one of the suffixes, not already a
    // lead by DNS (NXDOMAIN); at most ? of them
    private static final String PROBE_TARGETS = """
            SELECT h.id, h.name,
                   (SELECT a.value FROM asmm8_record a WHERE a.hostnameid = h.id AND a.current AND a.type IN ('A', 'AAAA')
                    ORDER BY a.type, a.value LIMIT 1) AS address,
                   (SELECT string_agg(c.value, ',' ORDER BY c.value) FROM asmm8_record c
                    WHERE c.hostnameid = h.id AND c.current AND c.type = 'CNAME') AS cnames
            FROM cptm8hostname h
            WHERE h.domainid = ?
              AND EXISTS (SELECT 1 FROM asmm8_record c, unnest(?::text[]) AS s(x)
                          WHERE c.hostnameid = h.id AND c.current AND c.type = 'CNAME'
                            AND (c.value = s.x OR right(c.value, length(s.x) + 1) = '.' || s.x))
              AND NOT EXISTS (SELECT 1 FROM asmm8_takeover_lead l WHERE l.hostnameid = h.id AND l.current AND l.rcode = 'NXDOMAIN')
            ORDER BY h.name LIMIT ?
            """;

    // one statement for a scan's probes: the names whose page says "unclaimed" become (or stay)
    // leads; a lead found by an earlier probe whose page no longer says so is no longer current
    private static final String PROBED = """
            WITH v AS (SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])
                       AS v(id, name, service, target, rcode, chain, matched)),
            up AS (
              INSERT INTO asmm8_takeover_lead AS t (hostnameid, domainid, name, service, target, rcode, chain)
              SELECT id, ?, name, service, target, rcode, string_to_array(chain, ',') FROM v WHERE matched
              ON CONFLICT (hostnameid) DO UPDATE
                SET lastseen = now(), service = EXCLUDED.service, target = EXCLUDED.target, rcode = EXCLUDED.rcode,
                    chain = EXCLUDED.chain, current = true, notifiedat = CASE WHEN t.current THEN t.notifiedat END
              RETURNING 1),
            cl AS (
              UPDATE asmm8_takeover_lead t SET current = false, lastseen = now() FROM v
              WHERE t.hostnameid = v.id AND NOT v.matched AND v.rcode <> '' AND t.current AND t.rcode LIKE 'HTTP%'
              RETURNING 1)
            SELECT (SELECT count(*) FROM up) AS leads, (SELECT count(*) FROM cl) AS cleared
            """;

    /** At most {@code limit} names of the domain to probe: with an address, a CNAME under one of {@code suffixes}. */
    public List<ProbeTarget> probeTargets(UUID domainId, List<String> suffixes, int limit) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(PROBE_TARGETS)) {
            ps.setObject(1, domainId);
            ps.setArray(2, c.createArrayOf("text", suffixes.toArray()));
            ps.setInt(3, limit);
            List<ProbeTarget> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString("address") != null) {
                        out.add(new ProbeTarget(rs.getObject("id", UUID.class).toString(), rs.getString("name"), rs.getString("address"),
                                List.of(rs.getString("cnames").split(","))));
                    }
                }
            }
            return out;
        }
    }

    /** A probe's verdict: the lead it makes when {@code matched}. */
    public record Probed(ProbeTarget target, String service, String cname, String rcode, boolean matched) {
    }

    /** Writes a scan's probe verdicts in one statement; returns the leads now current by probe. */
    public int probed(UUID domainId, List<Probed> verdicts) throws SQLException {
        if (verdicts.isEmpty()) {
            return 0;
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(PROBED)) {
            ps.setArray(1, c.createArrayOf("uuid", verdicts.stream().map(v -> UUID.fromString(v.target().hostnameId())).toArray()));
            ps.setArray(2, c.createArrayOf("text", verdicts.stream().map(v -> v.target().name()).toArray()));
            ps.setArray(3, c.createArrayOf("text", verdicts.stream().map(Probed::service).toArray()));
            ps.setArray(4, c.createArrayOf("text", verdicts.stream().map(v -> v.cname() == null ? "" : v.cname()).toArray()));
            ps.setArray(5, c.createArrayOf("text", verdicts.stream().map(v -> v.rcode() == null ? "" : v.rcode()).toArray()));
            ps.setArray(6, c.createArrayOf("text", verdicts.stream().map(v -> String.join(",", v.target().cnames())).toArray()));
            ps.setArray(7, c.createArrayOf("boolean", verdicts.stream().map(Probed::matched).toArray()));
            ps.setObject(8, domainId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt("leads") : 0;
            }
        }
    }

    /** Current leads per domain (0 for a domain without any), for the {@code asmm8_takeover_leads} gauge. */
    public Map<String, Double> currentByDomain() throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT d.name, count(t.hostnameid) FROM cptm8domain d "
                        + "LEFT JOIN asmm8_takeover_lead t ON t.domainid = d.id AND t.current GROUP BY d.name");
                ResultSet rs = ps.executeQuery()) {
            Map<String, Double> out = new LinkedHashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), (double) rs.getLong(2));
            }
            return out;
        }
    }

    /** The lead was published: it is not announced again (unless it goes away and comes back). */
    public void announced(String hostnameId) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE asmm8_takeover_lead SET notifiedat = now() WHERE hostnameid = ?")) {
            ps.setObject(1, UUID.fromString(hostnameId));
            ps.executeUpdate();
        }
    }
}
