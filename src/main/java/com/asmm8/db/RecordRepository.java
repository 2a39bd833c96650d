package com.asmm8.db;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What a hostname answered, for {@code GET /hostname/{id}}: its current records (with the time
 * each was first seen), the records it no longer answers (first and last seen), the changes logged
 * per type, and its takeover lead with the evidence.
 */
public class RecordRepository {

    private final Rows rows;

    public RecordRepository(DataSource ds) {
        this.rows = new Rows(ds);
    }

    /** The hostname with {@code records}, {@code history}, {@code changes} and {@code lead} (null when none); empty when unknown. */
    public Optional<Map<String, Object>> detail(UUID hostnameId) throws SQLException {
        Optional<Map<String, Object>> host = rows.one("SELECT h.id, h.name, h.domainid, d.name AS domain, h.live, h.enabled, "
                + "h.foundfirsttime, h.lastseen, h.lastresolved, h.livechangedat, h.sources "
                + "FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid WHERE h.id = ?", hostnameId);
        if (host.isEmpty()) {
            return host;
        }
        Map<String, Object> out = new LinkedHashMap<>(host.get());
        out.put("records", rows.list("SELECT type, value, firstseen FROM asmm8_record WHERE hostnameid = ? AND current "
                + "ORDER BY type, value", hostnameId));
        out.put("history", rows.list("SELECT type, value, firstseen, lastseen FROM asmm8_record WHERE hostnameid = ? AND NOT current "
                + "ORDER BY lastseen DESC, type, value", hostnameId));
        out.put("changes", rows.list("SELECT type, old, new, changedat FROM asmm8_record_change WHERE hostnameid = ? "
                + "ORDER BY changedat DESC, id DESC LIMIT 100", hostnameId));
        List<Map<String, Object>> lead = rows.list("SELECT service, target, rcode, chain, firstseen, lastseen, current, notifiedat "
                + "FROM asmm8_takeover_lead WHERE hostnameid = ?", hostnameId);
        out.put("lead", lead.isEmpty() ? null : lead.get(0));
        return Optional.of(out);
    }
}
