package com.asmm8.ops;

import com.asmm8.db.Database;
import com.asmm8.db.DatabaseStartup;
import com.asmm8.db.DomainNameIndex;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the schema keeps its promises. Down while the unique index on {@code cptm8domain(name)}
 * is not in force because the table holds the same name more than once (an existing Go-era
 * database, see {@link DomainNameIndex}), naming the names: adding a domain fails until an operator
 * removes the extra rows and restarts. Up once the index is there (remembered: it does not go away).
 */
public final class SchemaHealthCheck extends AbstractHealthCheck {
    private final DatabaseStartup startup;
    private volatile boolean unique;

    public SchemaHealthCheck(DatabaseStartup startup) {
        super("asmm8", "schema");
        this.startup = startup;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<Database> db = startup.database();
        if (unique || db.isEmpty()) {
            builder.up().message(unique ? "up" : "not checked until the database is open");
            return;
        }
        try (Connection c = db.get().direct(2).getConnection()) {
            if (DomainNameIndex.unique(c)) {
                unique = true;
                builder.up().message("up");
                return;
            }
            List<String> dupes = DomainNameIndex.duplicates(c, 10);
            builder.down().message(dupes.isEmpty()
                    ? "the unique index on cptm8domain(name) is missing: restart the daemon to create it"
                    : DomainNameIndex.report(dupes));
        } catch (Exception e) {
            builder.up().message("not checked: " + e.getMessage()); // the database check names an outage
        }
    }
}
