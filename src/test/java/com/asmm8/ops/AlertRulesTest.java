package com.asmm8.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules (config/prometheus-alerts.yaml) through Prometheus's own rule checker
 * and unit-test runner ({@code promtool}, Debian package prometheus): clean scans fire nothing,
 * the first failure after a restart fires, a domain not scanned for its period fires after a
 * restart and once across daemons (src/test/resources/prometheus/alerts-test.yaml).
 */
class AlertRulesTest {

    private static String promtool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(Path.of("src/test/resources/prometheus").toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "promtool " + String.join(" ", args));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theRulesAreValidPrometheusRules() throws Exception {
        assertTrue(promtool("check", "rules", "../../../../config/prometheus-alerts.yaml").contains("SUCCESS"));
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        assertTrue(promtool("test", "rules", "alerts-test.yaml").contains("SUCCESS"));
    }
}
