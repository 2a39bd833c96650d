package com.asmm8.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * A real data source that is unreachable while {@link #down} is set: {@code getConnection} then
 * fails as HikariCP fails while the server is down (a transient connection error).
 */
public final class FlakyDataSource {

    public volatile boolean down;
    public final DataSource dataSource;

    public FlakyDataSource(DataSource real) {
        dataSource = (DataSource) Proxy.newProxyInstance(FlakyDataSource.class.getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    if (down && method.getName().equals("getConnection")) {
                        throw new SQLTransientConnectionException("asmm8 - Connection is not available, request timed out after 10000ms");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
