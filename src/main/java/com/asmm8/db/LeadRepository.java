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
