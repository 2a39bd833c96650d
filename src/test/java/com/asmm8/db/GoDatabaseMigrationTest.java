package com.asmm8.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.asmm8.ops.SchemaHealthCheck;
import com.asmm8.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The migration on a database the Go service left: its tables without ASMM8's defaults and
 * constraints. Two domains sharing a name do not stop it (the rest of the schema is applied, the
 * names are logged and /ready's schema check is down naming them, until they are removed and the
 * daemon restarted); an empty settings table whose id has no default gets its row.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GoDatabaseMigrationTest {

    /** The Go service's tables: no defaults, no unique name on domains. */
    private static TestDatabase goDatabase(String settingsId) throws Exception {
        TestDatabase db = new TestDatabase();
        db.update("CREATE TABLE cptm8domain (id uuid PRIMARY KEY, name varchar(255) NOT NULL, companyname varchar(255), "
                + "enabled boolean)");
        db.update("CREATE TABLE cptm8hostname (id uuid PRIMARY KEY, name varchar(255) UNIQUE, foundfirsttime timestamptz, "
                + "live boolean, enabled boolean, domainid uuid REFERENCES cptm8domain (id))");
        db.update("CREATE TABLE cptm8generalscansettings (id " + settingsId + " PRIMARY KEY, settings jsonb)");
        return db;
    }

    /** The daemon's way in: Database.open through DatabaseStartup, on a pool of 2 (migrations use their own connections). */
    private static DatabaseStartup open(TestDatabase db) {
        DatabaseStartup startup = new DatabaseStartup(new Database.Settings(db.url(), TestDatabase.USER, null,
                Path.of("unused"), 2, 1, 10_000, 1_800_000), Duration.ZERO);
        startup.start();
        return startup;
    }

    @Test
    void duplicateDomainNamesAreReportedAndTheRestOfTheMigrationApplies() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(DomainNameIndex.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try (TestDatabase db = goDatabase("uuid")) {
            db.update("INSERT INTO cptm8domain VALUES (gen_random_uuid(), 'dup.example.com', 'Acme', true), "
                    + "(gen_random_uuid(), 'dup.example.com', 'Acme', true), (gen_random_uuid(), 'one.example.com', 'Acme', true)");
            db.update("INSERT INTO cptm8generalscansettings VALUES (gen_random_uuid(), '{\"scannewlyfoundhostname\": false}')");

            DatabaseStartup startup = open(db);
            try {
                assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), db.column("SELECT version FROM asmm8_schema_history "
                        + "WHERE success AND version <> '0' ORDER BY installed_rank"), "V1..V9 applied");
                assertEquals("3", db.single("SELECT count(*) FROM asmm8_domain_lease"), "every Go-era domain has its lease row");
                assertEquals("0", db.single("SELECT count(*) FROM asmm8_scan_request"));
                assertEquals("0", db.single("SELECT count(*) FROM cptm8hostname WHERE livechangedat IS NOT NULL"));
                assertEquals("3", db.single("SELECT count(*) FROM cptm8domain"), "no domain row changed");
                assertEquals("{\"scannewlyfoundhostname\": false}", db.single("SELECT settings::text FROM cptm8generalscansettings"));
                assertTrue(logged.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                        && e.getFormattedMessage().contains("dup.example.com (2 rows)")), "the log names the duplicates");

                HealthCheck.Result schema = new SchemaHealthCheck(startup).call();
                assertEquals(HealthCheck.State.DOWN, schema.getState());
                assertTrue(schema.getMessage().orElse("").contains("dup.example.com (2 rows)"), schema.getMessage().toString());
                try (Connection c = db.connect()) {
                    assertFalse(DomainNameIndex.unique(c));
                }
            } finally {
                startup.close();
            }

            // the operator removes the extra row; the next start makes the index unique
            db.update("DELETE FROM cptm8domain WHERE id = (SELECT id FROM cptm8domain WHERE name = 'dup.example.com' LIMIT 1)");
            startup = open(db);
            try {
                assertEquals(HealthCheck.State.UP, new SchemaHealthCheck(startup).call().getState());
                assertTrue(new DomainRepository(startup.dataSource()).create("new.example.com", "Acme", true).isPresent(),
                        "adding a domain works (ON CONFLICT (name) has its unique index)");
                assertTrue(new DomainRepository(startup.dataSource()).create("one.example.com", "Acme", true).isEmpty());
            } finally {
                startup.close();
            }
        } finally {
            log.detachAppender(logged);
        }
    }

    @Test
    void emptySettingsTableWhoseIdHasNoDefaultGetsItsRow() throws Exception {
        try (TestDatabase db = goDatabase("uuid")) {
            open(db).close();
            assertEquals(List.of("{\"scannewlyfoundhostname\": true}"),
                    db.column("SELECT settings::text FROM cptm8generalscansettings"));
            assertEquals("1", db.single("SELECT count(*) FROM cptm8generalscansettings WHERE id IS NOT NULL"));
            open(db).close();
            assertEquals("1", db.single("SELECT count(*) FROM cptm8generalscansettings"), "one row, whatever the starts");
        }
    }

    @Test
    void emptySettingsTableWithANumericIdGetsItsRowToo() throws Exception {
        try (TestDatabase db = goDatabase("integer")) {
            open(db).close();
            assertEquals(List.of("1"), db.column("SELECT id FROM cptm8generalscansettings"));
        }
    }
}
