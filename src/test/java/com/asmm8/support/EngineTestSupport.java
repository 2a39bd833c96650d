package com.asmm8.support;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanType;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;

/**
 * Routes tests of the built-in DNS engine as the brute-force tool: one tool file declaring it
 * ({@link #engineTools}), a brute force of a domain through the scan route returning the engine's
 * report ({@link #bruteforce}), and the short waits a local server allows ({@link #fastDns}).
 */
public abstract class EngineTestSupport extends RoutesTestSupport {

    /** Declares the engine as the only tool, of the bruteforce phase, with this time-out (e.g. {@code 2m}). */
    protected static void engineTools(String timeout) throws IOException {
        Files.writeString(dir.resolve("engine.yaml"), """
                tools:
                  - name: asmm8-dns
                    phase: bruteforce
                    engine: dns
                    timeout: %s
                """.formatted(timeout));
    }

    /** A tools file with the engine as the tool of the bruteforce and of the check phase (2 minutes each). */
    public static final String ENGINE_AND_CHECK = """
            tools:
              - name: asmm8-dns
                phase: bruteforce
                engine: dns
                timeout: 2m
              - name: asmm8-dns-check
                phase: check
                engine: dns
                timeout: 2m
            """;

    /** Declares the engine as the tool of the bruteforce and of the check phase. */
    protected static void engineAndCheckTools() throws IOException {
        Files.writeString(dir.resolve("engine.yaml"), ENGINE_AND_CHECK);
    }

    /** The engine asks {@code resolver} (fast waits) and brute-forces the words of {@code wordlist} in the test folder. */
    protected static Properties engineOn(Properties p, String resolver, String wordlist) {
        p.put("asmm8.resolvers", resolver);
        p.put("asmm8.wordlist", dir.resolve(wordlist).toString());
        return fastDns(p, 3);
    }

    /** A scan of the domain through the scan route, to its end. */
    protected void scan(String domain, ScanType type) throws Exception {
        Exchange done = template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(new ScanRequest(domain, type)))
                .get(120, TimeUnit.SECONDS);
        assertNull(done.getException());
    }

    @Override
    protected String toolsFile() {
        return dir.resolve("engine.yaml").toString();
    }

    /** Waits fit for servers on this machine: 300 ms a question, 20 ms before a SERVFAIL is asked again. */
    protected static Properties fastDns(Properties p, int attempts) {
        p.put("asmm8.dns.timeout", "300");
        p.put("asmm8.dns.backoff", "20");
        p.put("asmm8.dns.attempts", Integer.toString(attempts));
        return p;
    }

    /** An active scan of the domain (its brute force), to its end; the engine's report of the latest run. */
    protected JsonNode bruteforce(String domain) throws Exception {
        scan(domain, ScanType.ACTIVE);
        return Json.MAPPER.readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ? ORDER BY startedat DESC "
                + "LIMIT 1", domain)).at("/bruteforce/tools/asmm8-dns");
    }
}
