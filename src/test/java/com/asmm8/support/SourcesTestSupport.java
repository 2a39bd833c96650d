package com.asmm8.support;

import java.nio.file.Files;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Routes tests of the built-in passive sources: crt.sh, HackerTarget and Wayback declared as the
 * passive tools, each pointed at its stand-in on 127.0.0.1 ({@link SourceServer}), with short
 * retries and time-outs; {@link #hostInterval()} is the per-host pace.
 */
public abstract class SourcesTestSupport extends RoutesTestSupport {

    protected static SourceServer server;

    @BeforeAll
    static void sources() throws Exception {
        server = new SourceServer();
        Files.writeString(dir.resolve("sources.yaml"), """
                tools:
                  - name: crtsh
                    phase: passive
                    source: crtsh
                    timeout: 1m
                  - name: hackertarget
                    phase: passive
                    source: hackertarget
                    timeout: 1m
                  - name: wayback
                    phase: passive
                    source: wayback
                    timeout: 1m
                """);
    }

    @AfterAll
    static void stopSources() {
        server.close();
    }

    @Override
    protected String toolsFile() {
        return dir.resolve("sources.yaml").toString();
    }

    /** Milliseconds between two requests to one host (asmm8.source.host-interval). */
    protected long hostInterval() {
        return 10;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("asmm8.source.crtsh.url", server.url("crtsh"));
        p.put("asmm8.source.hackertarget.url", server.url("hackertarget"));
        p.put("asmm8.source.wayback.url", server.url("wayback"));
        p.put("asmm8.source.attempts", "3");
        p.put("asmm8.source.backoff", "100");
        p.put("asmm8.source.host-interval", Long.toString(hostInterval()));
        p.put("camel.component.http.responseTimeout", "1500");
        p.put("camel.component.http.soTimeout", "1500");
        return p;
    }
}
