package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * When each enabled domain's last scan ended, from the scan records: the same answer in every
 * daemon sharing the database, and right after a restart (the in-process value was neither).
 */
public class LastScans {

    /** Ended scans that scanned (failed ones too: their alert is another); interrupted and cancelled ones did not. */
    static final String SQL = """
            SELECT d.name, extract(epoch FROM max(r.endedat))
            FROM cptm8domain d JOIN asmm8_scan_run r ON r.domainid = d.id
            WHERE d.enabled AND r.endedat IS NOT NULL AND r.status IN ('completed', 'warning', 'failed')
            GROUP BY d.name""";

    private final DataSource ds;

    public LastScans(DataSource ds) {
        this.ds = ds;
    }

    /** Enabled domain name to the Unix time its last scan ended; domains never scanned are absent. */
    public Map<String, Double> endedAt() throws SQLException {
        Map<String, Double> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(SQL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getDouble(2));
            }
        }
        return out;
    }
}
