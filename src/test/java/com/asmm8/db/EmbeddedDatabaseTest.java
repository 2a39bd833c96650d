package com.asmm8.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without ASMM8_DB_URL the daemon runs an embedded PostgreSQL whose data survives restarts. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    private Database.Settings settings() {
        return new Database.Settings(null, null, null, dir.resolve("pg"), 2, 1, 10_000, 1_800_000);
    }

    @Test
    void dataSurvivesARestartAndASecondProcessSharesTheRunningServer() throws Exception {
        try (Database db = Database.open(settings())) {
            assertTrue(db.isEmbedded());
            new DomainRepository(db.dataSource()).ensure("example.com", "acme");
            new InventoryWrites(db.dataSource()).upsert(Fence.none(
                    new DomainRepository(db.dataSource()).findByName("example.com").orElseThrow().id()), "test",
                    List.of("www.example.com", "api.example.com"));

            // a second opener (the `scan` command while the daemon runs) uses the running server
            try (Database second = Database.open(settings())) {
                assertFalse(second.isEmbedded(), "the second opener does not start another server");
                assertEquals(2, count(second, "SELECT count(*) FROM cptm8hostname"));
            }
        }
        try (Database again = Database.open(settings())) {
            assertTrue(again.isEmbedded());
            assertEquals(2, count(again, "SELECT count(*) FROM cptm8hostname"));
            assertEquals(1, count(again, "SELECT count(*) FROM cptm8generalscansettings"), "migrations ran once");
        }
    }

    private static int count(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
