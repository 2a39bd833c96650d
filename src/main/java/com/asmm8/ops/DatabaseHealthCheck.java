package com.asmm8.ops;

import com.asmm8.db.Database;
import com.asmm8.db.DatabaseStartup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the database answers a query within 2 s, asked on every call (never a remembered
 * answer) on a connection of its own, so a database that went away is named at once rather than
 * after the pool's connection timeout. Before the database is open: down, with why
 * ({@link DatabaseStartup#notOpenReason}). Bound in the registry, where Camel's health-check
 * registry finds it (with its own routes check).
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {
    private final DatabaseStartup startup;
    private volatile DataSource direct;

    public DatabaseHealthCheck(DatabaseStartup startup) {
        super("asmm8", "database");
        this.startup = startup;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<Database> db = startup.database();
        if (db.isEmpty()) {
            builder.down().message(startup.notOpenReason());
            return;
        }
        if (direct == null) {
            direct = db.get().direct(2);
        }
        try (Connection c = direct.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            ps.setQueryTimeout(2);
            ps.executeQuery().close();
            builder.up().message("up");
        } catch (Exception e) {
            builder.down()
                    .message("database at " + db.get().displayUrl() + " not reachable (" + DatabaseStartup.brief(e.getMessage()) + ")");
        }
    }
}
