package com.asmm8.support;

import com.asmm8.AmqpConfiguration;
import com.asmm8.Asmm8Configuration;
import com.asmm8.BuiltInToolsConfiguration;
import com.asmm8.IngestConfiguration;
import com.asmm8.OpsConfiguration;
import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the route tests: the real Camel Main (the YAML routes of {@code routes/}, the beans of
 * the configuration classes, config/application.properties) against a real PostgreSQL, driven
 * the way the daemon drives them, without the HTTP API (tested over real HTTP in the api tests).
 * The passive source is the stand-in {@code src/test/resources/tools/fake-source}
 * (internet-facing sources cannot run here).
 */
public abstract class RoutesTestSupport extends CamelMainTestSupport {

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

    /** Writes {@code yaml} as the tools file {@code name} of the test folder; answers its path (for {@link #toolsFile}). */
    protected static String tools(String name, String yaml) {
        Path f = dir.resolve(name);
        try {
            Files.writeString(f, yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return f.toString();
    }

    @Override
    protected void configure(MainConfigurationProperties main) {
        main.addConfiguration(new Asmm8Configuration());
        main.addConfiguration(new IngestConfiguration());
        main.addConfiguration(new BuiltInToolsConfiguration());
        main.addConfiguration(new OpsConfiguration());
        main.addConfiguration(new AmqpConfiguration());
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:config/application.properties";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.putAll(com.asmm8.Installation.fromEnvironment().properties());
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
        // no DNS server for the names of the stand-in passive sources (the machine's resolver
        // would be asked); tests of the passive wildcard judgement switch it on
        p.put("asmm8.dns.passive-wildcards", "false");
        // no HTTP server here: the API routes are left out
        p.put("camel.server.enabled", "false");
        p.put("camel.management.enabled", "false");
        p.put("camel.metrics.enabled", "false");
        p.put("camel.main.routesReloadEnabled", "false");
        p.put("camel.main.routesExcludePattern", com.asmm8.Asmm8.API_ROUTES);
        return p;
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
