package com.asmm8.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.asmm8.db.ScanRunRepository;
import com.asmm8.support.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scans left running by a dead daemon are marked interrupted by another; a live daemon cut off by
 * a database outage is not (its leases expired like everyone's), nor are this daemon's own scans.
 */
class OrphanSweepTest {

    private TestDatabase db;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong nanos = new AtomicLong();
    private OrphanSweep sweep;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase().migrated();
        DataSource real = db.dataSource();
        DataSource flaky = new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                if (down.get()) {
                    throw new SQLException("Connection refused", "08001");
                }
                return real.getConnection();
            }

            @Override
            public Connection getConnection(String u, String p) throws SQLException {
                return getConnection();
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() {
                return Logger.getGlobal();
            }

            @Override
            public <T> T unwrap(Class<T> iface) {
                return null;
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
        // ttl 60 s: the sweep waits 60 + 20 + 5 s of reachable database before it trusts an expiry
        sweep = new OrphanSweep(new ScanRunRepository(flaky, "me"), Duration.ofSeconds(60), nanos::get);
    }

    @AfterEach
    void drop() throws Exception {
        db.close();
    }

    /** A domain whose lease (token 7) ended {@code agoSeconds} ago, with a scan of {@code node} running under it. */
    private void runningUnderExpiredLease(String domain, String node, int agoSeconds) throws SQLException {
        db.update("INSERT INTO cptm8domain (name, companyname, enabled) VALUES (?, 'acme', true)", domain);
        db.update("UPDATE asmm8_domain_lease SET owner = ?, token = 7, leaseuntil = now() - make_interval(secs => ?) "
                + "WHERE domainid = (SELECT id FROM cptm8domain WHERE name = ?)", node, agoSeconds, domain);
        db.update("INSERT INTO asmm8_scan_run (id, domainid, domain, scantype, status, owner, node, leasetoken) "
                + "SELECT gen_random_uuid(), id, name, 'passive', 'running', ?, ?, 7 FROM cptm8domain WHERE name = ?",
                node + ":1", node, domain);
    }

    private String status(String domain) throws SQLException {
        return db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", domain);
    }

    private void advance(long seconds) {
        nanos.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    @Test
    void aDeadDaemonsScanIsInterruptedOnceTheDatabaseHasBeenReachableForALeaseTimeToLive() throws Exception {
        runningUnderExpiredLease("dead.test", "node-dead", 120);
        assertEquals(List.of(), sweep.sweep(), "not at the first look: the database may just be back");
        advance(60);
        assertEquals(List.of(), sweep.sweep());
        advance(30);
        assertEquals(List.of("dead.test"), sweep.sweep());
        assertEquals("interrupted", status("dead.test"));
        assertEquals("the lease of node node-dead on the domain expired (it died or lost the database): taken over by node me",
                db.single("SELECT error FROM asmm8_scan_run WHERE domain = 'dead.test'"));
    }

    @Test
    void afterAnOutageTheLiveDaemonsRenewFirstAndTheirScansAreLeftRunning() throws Exception {
        runningUnderExpiredLease("alive.test", "node-alive", 300); // every lease expired during a 5 min outage
        sweep.sweep();
        advance(200);
        down.set(true);
        assertEquals(List.of(), sweep.sweep(), "the database is away");
        down.set(false);
        advance(10);
        assertEquals(List.of(), sweep.sweep(), "back: the time to live starts again");
        // the live daemon renews its lease within a third of its time to live
        db.update("UPDATE asmm8_domain_lease SET leaseuntil = now() + interval '60 seconds'");
        advance(90);
        assertEquals(List.of(), sweep.sweep());
        assertEquals("running", status("alive.test"));
    }

    @Test
    void thisDaemonsOwnScansAreNeverSwept() throws Exception {
        runningUnderExpiredLease("mine.test", "me", 600);
        sweep.sweep();
        advance(600);
        assertEquals(List.of(), sweep.sweep());
        assertEquals("running", status("mine.test"));
    }
}
