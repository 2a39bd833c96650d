package com.asmm8.db;

import com.asmm8.util.ChunkedInputStream;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;

/**
 * A domain's hostnames as CSV or NDJSON, produced row by row from a database cursor while the
 * HTTP layer reads it: memory stays flat whatever the size of the inventory. The cursor's
 * connection is returned to the pool at the end of the data or when the reader closes. Opened by
 * {@link HostnameRepository#export}.
 */
public final class HostnameExport extends ChunkedInputStream {

    public enum Format {
        CSV, NDJSON
    }

    private static final JsonFactory JSON = new JsonFactory();
    /** The columns of a domain's rows; {@link HostnameRepository#export} adds filters and the order. */
    static final String SELECT = "SELECT id, name, foundfirsttime, live, enabled, lastseen, array_to_string(sources, ' '), "
            + "(SELECT string_agg(r.value, ' ' ORDER BY r.value) FROM asmm8_record r WHERE r.hostnameid = cptm8hostname.id "
            + "AND r.current AND r.type IN ('A', 'AAAA')) FROM cptm8hostname WHERE domainid = ?";

    private final Format format;
    private final Connection conn;
    private final PreparedStatement ps;
    private final ResultSet rs;
    private final ByteArrayOutputStream chunk = new ByteArrayOutputStream(64 * 1024);
    private byte[] header;
    private boolean done;

    HostnameExport(DataSource ds, String sql, List<Object> args, Format format) throws SQLException {
        this.format = format;
        this.conn = ds.getConnection();
        try {
            conn.setAutoCommit(false); // the PostgreSQL driver streams with a cursor only inside a transaction
            ps = conn.prepareStatement(sql);
            ps.setFetchSize(2000);
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            rs = ps.executeQuery();
        } catch (SQLException e) {
            conn.close();
            throw e;
        }
        if (format == Format.CSV) {
            header = "id,name,foundfirsttime,live,enabled,lastseen,sources,addresses\n".getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The header, then the next rows (up to about 64 KiB at a time); null at the end. */
    @Override
    protected byte[] nextChunk() throws IOException {
        if (header != null) {
            byte[] h = header;
            header = null;
            return h;
        }
        if (done) {
            return null;
        }
        chunk.reset();
        try {
            while (chunk.size() < 60_000 && rs.next()) {
                if (format == Format.CSV) {
                    chunk.write((rs.getString(1) + "," + rs.getString(2) + "," + iso(rs.getTimestamp(3)) + ","
                            + rs.getBoolean(4) + "," + rs.getBoolean(5) + "," + iso(rs.getTimestamp(6)) + ","
                            + csv(rs.getString(7)) + "," + csv(rs.getString(8)) + "\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    try (JsonGenerator g = JSON.createGenerator(chunk)) {
                        g.writeStartObject();
                        g.writeStringField("id", rs.getString(1));
                        g.writeStringField("name", rs.getString(2));
                        g.writeStringField("foundfirsttime", iso(rs.getTimestamp(3)));
                        g.writeBooleanField("live", rs.getBoolean(4));
                        g.writeBooleanField("enabled", rs.getBoolean(5));
                        g.writeStringField("lastseen", iso(rs.getTimestamp(6)));
                        g.writeStringField("sources", rs.getString(7));
                        g.writeStringField("addresses", rs.getString(8) == null ? "" : rs.getString(8));
                        g.writeEndObject();
                    }
                    chunk.write('\n');
                }
            }
        } catch (SQLException e) {
            close();
            throw new IOException("export failed: " + e.getMessage(), e);
        }
        if (chunk.size() == 0) {
            close();
            return null;
        }
        return chunk.toByteArray();
    }

    private static String iso(Timestamp t) {
        return t == null ? "" : t.toInstant().toString();
    }

    /** Names and timestamps never need quoting; sources are tool names (no commas), quoted anyway. */
    private static String csv(String s) {
        return s == null ? "" : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            rs.close();
            ps.close();
            conn.commit();
        } catch (SQLException ignored) {
            // the connection is closed below either way
        } finally {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }
}
