package com.asmm8.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@code dataSource} bean: the pool once {@link DatabaseStartup} has opened the database;
 * before that, every connection is refused with why the database is not open yet. It exists from
 * the start, so routes and beans that hold a DataSource (camel-jdbc resolves its own when its
 * route is built) are made without waiting for the database.
 */
final class OpeningDataSource implements DataSource {

    private final Supplier<String> notOpen;
    private volatile DataSource pool;

    OpeningDataSource(Supplier<String> notOpen) {
        this.notOpen = notOpen;
    }

    void open(DataSource pool) {
        this.pool = pool;
    }

    private DataSource pool() throws SQLException {
        DataSource p = pool;
        if (p == null) {
            throw new SQLTransientConnectionException(notOpen.get(), "08001");
        }
        return p;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return pool().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool().isWrapperFor(iface);
    }
}
