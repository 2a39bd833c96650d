package com.asmm8.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the database answers a query within 2 s. Bound in the registry, where Camel's
 * health-check registry finds it (with its own routes check).
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {
    private final DataSource ds;

    public DatabaseHealthCheck(DataSource ds) {
        super("asmm8", "database");
        this.ds = ds;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            ps.setQueryTimeout(2);
            ps.executeQuery().close();
            builder.up().message("up");
        } catch (Exception e) {
            builder.down().message("down: " + e.getMessage());
        }
    }
}
