package com.asmm8.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanService;
import com.asmm8.scan.ScanType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Base of the route tests: the YAML routes of {@code routes/} with the real beans, against a real PostgreSQL, driven the
 * way the daemon drives them. The passive source is the stand-in
 * {@code src/test/resources/tools/fake-source} (internet-facing sources cannot run here).
 */
public abstract class RoutesTestSupport extends CamelTestSupport {

    protected static TestDatabase db;
    protected static Path dir;

    @BeforeAll
    static void database() throws Exception {
        db = new TestDatabase();
        dir = Files.createTempDirectory("asmm8-routes");
        Files.writeString(dir.resolve("tools.yaml"), FakeSource.passiveTools("fake", "slow", true));
        Files.writeString(dir.resolve("dupes.yaml"), FakeSource.passiveTools("dupes", "dupes", false));
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        db.close();
    }

    /** The poll's endpoint: the default interval timer, or what a test wants (a cron, say). */
    protected String scheduleUri() {
        return "timer:poll-enabled-domains?period=300&delay=0";
    }

    protected String toolsFile() {
        return dir.resolve("tools.yaml").toString();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        ctx.getPropertiesComponent().setLocation("file:config/application.properties");
        Properties p = new Properties();
        p.put("asmm8.db.url", db.url());
        p.put("asmm8.db.user", TestDatabase.USER);
        p.put("asmm8.tools.file", toolsFile());
        p.put("asmm8.staging.dir", dir.resolve("staging").toString());
        p.put("asmm8.batch.size", "1000");
        p.put("asmm8.batch.timeout", "200");
        p.put("asmm8.schedule.enabled", "false");
        p.put("asmm8.schedule.delay", "0");
        p.put("asmm8.schedule.period", "300");
        p.put("asmm8.schedule.uri", scheduleUri());
        p.put("asmm8.schedule.scan-type", "passive");
        ctx.getPropertiesComponent().setOverrideProperties(p);
        new com.asmm8.Asmm8Configuration().configure(ctx);
        List<org.apache.camel.spi.Resource> routes = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            // the HTTP API needs the HTTP server of camel-main: it is tested over real HTTP in ApiIT
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml") && !f.toString().endsWith("-api.yaml")).sorted().toList()) {
                routes.add(ResourceHelper.resolveResource(ctx, "file:" + f));
            }
        }
        PluginHelper.getRoutesLoader(ctx).loadRoutes(routes);
        return ctx;
    }

    protected CompletableFuture<Exchange> scanAsync(String domain) {
        ScanRequest req = new ScanRequest(domain, ScanType.PASSIVE);
        return template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(req));
    }

    protected static void await(String what, long ms, BooleanSupplier cond) throws InterruptedException {
        FakeSource.await(what, ms, cond);
    }

    protected static List<String> names(String domain) {
        try {
            return db.column("SELECT h.name FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid "
                    + "WHERE d.name = ? ORDER BY h.name", domain);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

}
