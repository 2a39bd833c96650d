package com.asmm8.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The names of a query, one per line, read as a stream from a database cursor (never whole in
 * memory): the body a {@code file:} endpoint stages for the tools of a phase. The cursor, its
 * transaction and its connection are released at the last row or at {@link #close}.
 */
public final class NameLines extends InputStream {

    private static final byte[] NONE = new byte[0];

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private byte[] line = NONE;
    private int pos;
    private boolean closed;

    private NameLines(Connection connection, PreparedStatement statement, ResultSet rows) {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
    }

    /** The names {@code sql} selects (first column) for the domain {@code domainId} (its one parameter). */
    static NameLines open(DataSource ds, String sql, UUID domainId) throws SQLException {
        Connection c = ds.getConnection();
        try {
            c.setAutoCommit(false); // the PostgreSQL driver only streams with a cursor inside a transaction
            PreparedStatement ps = c.prepareStatement(sql);
            ps.setFetchSize(5000);
            ps.setObject(1, domainId);
            return new NameLines(c, ps, ps.executeQuery());
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        return fill() ? line[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len && fill()) {
            int k = Math.min(len - n, line.length - pos);
            System.arraycopy(line, pos, b, off + n, k);
            pos += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }

    /** True while bytes are left; reads the next row when the current line is used up. */
    private boolean fill() throws IOException {
        while (pos >= line.length) {
            if (closed) {
                return false;
            }
            try {
                if (!rows.next()) {
                    close();
                    return false;
                }
                line = (rows.getString(1) + "\n").getBytes(StandardCharsets.UTF_8);
                pos = 0;
            } catch (SQLException e) {
                close();
                throw new IOException("reading the stored names failed: " + e.getMessage(), e);
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (connection; statement; rows) {
            connection.rollback(); // read only: nothing to keep
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IOException("closing the stored names' cursor failed: " + e.getMessage(), e);
        }
    }
}
