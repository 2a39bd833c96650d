package com.asmm8.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Start-up against an external server: one that does not answer is waited for with backoff, up to
 * asmm8.db.start-wait; other failures (a missing database) stop the start at once; until the
 * database is open the application's DataSource refuses connections saying why.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatabaseStartupTest {

    private static Database.Settings settings(String url) {
        return new Database.Settings(url, TestDatabase.USER, null, Path.of("unused"), 2, 1, 10_000, 1_800_000);
    }

    private static String closedPortUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "jdbc:postgresql://127.0.0.1:" + s.getLocalPort() + "/postgres";
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsWaitedForThenGivenUpOnAfterTheStartWait() throws Exception {
        String url = closedPortUrl();
        DatabaseStartup startup = new DatabaseStartup(settings(url), Duration.ofSeconds(3));
        Exception e = assertThrows(Exception.class, startup::start);
        String msg = ExceptionMessages.of(e);
        assertTrue(msg.contains("database at " + url + " still not reachable after"), msg);
        assertTrue(msg.contains("giving up (asmm8.db.start-wait, ASMM8_DB_START_WAIT = 3 s)"), msg);
        assertTrue(startup.notOpenReason().matches("database at .* not reachable \\(Connection to .* refused\\); retrying in \\d+ s"),
                startup.notOpenReason());
    }

    @Test
    void withoutAStartWaitAServerThatDoesNotAnswerFailsAtOnceNamingIt() throws Exception {
        String url = closedPortUrl();
        Exception e = assertThrows(Exception.class, new DatabaseStartup(settings(url), Duration.ZERO)::start);
        assertTrue(ExceptionMessages.of(e).contains("database at " + url + " not reachable (Connection to "), ExceptionMessages.of(e));
    }

    @Test
    void aMissingDatabaseIsNotWaitedFor() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            String missing = db.url() + "_missing";
            DatabaseStartup startup = new DatabaseStartup(settings(missing), null); // null: would wait forever
            Exception e = assertThrows(Exception.class, startup::start);
            assertTrue(ExceptionMessages.of(e).contains("does not exist"), ExceptionMessages.of(e));
        }
    }

    @Test
    void untilTheDatabaseIsOpenItsDataSourceRefusesConnectionsSayingWhy() throws Exception {
        try (TestDatabase db = new TestDatabase(); DatabaseStartup startup = new DatabaseStartup(settings(db.url()), null)) {
            var refused = assertThrows(SQLTransientConnectionException.class, () -> startup.dataSource().getConnection());
            assertEquals("database at " + db.url() + " not opened yet", refused.getMessage());
            startup.start();
            assertNull(startup.notOpenReason());
            try (var c = startup.dataSource().getConnection()) {
                assertTrue(c.isValid(2));
            }
        }
    }

    @Test
    void theStartWaitSettingIsForeverOrWholeSeconds() {
        assertNull(DatabaseStartup.limit("forever"));
        assertNull(DatabaseStartup.limit(""));
        assertEquals(Duration.ZERO, DatabaseStartup.limit("0"));
        assertEquals(Duration.ofMinutes(10), DatabaseStartup.limit(" 600 "));
        assertThrows(IllegalArgumentException.class, () -> DatabaseStartup.limit("-1"));
        assertThrows(IllegalArgumentException.class, () -> DatabaseStartup.limit("10m"));
    }

    /** Every message of a cause chain (start() wraps what doStart throws). */
    private static final class ExceptionMessages {
        static String of(Throwable e) {
            StringBuilder b = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                b.append(t.getMessage()).append(" | ");
            }
            return b.toString();
        }
    }
}
