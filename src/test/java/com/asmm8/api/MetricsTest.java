package com.asmm8.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /metrics after a real scan (the stand-in passive tool): names, labels and values. */
class MetricsTest extends ApiTestSupport {

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.Ee+-]+)$", Pattern.MULTILINE).matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no series " + series + " in /metrics");
        }
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aScanShowsUpInPrometheusMetrics() throws Exception {
        post("/domain", "{\"name\":\"metrics.example.com\"}");
        Answer started = get("/scan/passive?domains=metrics.example.com");
        String id = started.data().path("scans").get(0).path("id").asText();
        for (int i = 0; i < 200 && !get("/scan/" + id).data().path("status").asText().equals("completed"); i++) {
            Thread.sleep(100);
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        String m = r.body();
        String d = "metrics.example.com";
        assertEquals(1.0, value(m, "asmm8_scan_duration_seconds_count{domain=\"" + d + "\",scan_type=\"passive\"}"));
        assertTrue(value(m, "asmm8_scan_duration_seconds_sum{domain=\"" + d + "\",scan_type=\"passive\"}") >= 4.0,
                "the stand-in tool pauses 4 s");
        assertEquals(5.0, value(m, "asmm8_hostnames_found_total{domain=\"" + d + "\",kind=\"new\",source=\"fake\"}"));
        assertEquals(1.0, value(m, "asmm8_scans_total{scan_type=\"passive\",status=\"completed\"}"));
        assertEquals(1.0, value(m, "asmm8_tool_runs_total{outcome=\"ok\",tool=\"fake\"}"));
        // the series alerts read exist at 0 before their first use (a first failure counts)
        assertEquals(0.0, value(m, "asmm8_tool_runs_total{outcome=\"failed\",tool=\"fake\"}"));
        assertEquals(0.0, value(m, "asmm8_scans_total{scan_type=\"check\",status=\"failed\"}"));
        assertEquals(5.0, value(m, "asmm8_tool_hostnames_total{kind=\"new\",tool=\"fake\"}"));
        assertEquals(0.0, value(m, "asmm8_scan_queue_length{queue=\"process\"}"));
        assertEquals(86400.0, value(m, "asmm8_schedule_period_seconds"));
        assertTrue(value(m, "hikaricp_connections_max{pool=\"asmm8\"}") >= 1, "HikariCP's own tracker");
        assertEquals(5.0, value(m, "asmm8_tool_lines_total{result=\"read\",tool=\"fake\"}"));
        assertEquals(0.0, value(m, "asmm8_tool_lines_total{result=\"rejected\",tool=\"fake\"}"));
        assertTrue(value(m, "asmm8_db_operation_duration_seconds_count{operation=\"upsert\"}") >= 1);
        assertTrue(m.contains("asmm8_db_operation_duration_seconds_bucket{operation=\"upsert\",le="), "a histogram");
        assertEquals(0.0, value(m, "asmm8_scans_running"));
        assertEquals(0.0, value(m, "asmm8_staging_bytes"));
        // which daemon this is (scale-out): its node id, and the domain leases it holds (none now)
        String node = com.asmm8.db.Owner.NODE;
        assertEquals(1.0, value(m, "asmm8_node_info{node=\"" + node + "\"}"));
        assertEquals(0.0, value(m, "asmm8_leases_held{node=\"" + node + "\"}"));
        assertTrue(value(m, "asmm8_scan_last_end_seconds{domain=\"" + d + "\"}") > 1.7e9);
        assertTrue(m.contains("camel_exchanges_total{"), "Camel's route metrics");
        assertTrue(m.contains("jvm_memory_used_bytes{"), "JVM metrics");
        // no hostname ever becomes a label
        assertTrue(!m.contains("early1.metrics.example.com"));

        // the dashboard and the alert rules only use series this daemon exports
        String config = java.nio.file.Files.readString(java.nio.file.Path.of("config/grafana-dashboard.json"))
                + java.nio.file.Files.readString(java.nio.file.Path.of("config/prometheus-alerts.yaml"));
        Matcher used = Pattern.compile("\\b((?:asmm8|camel|jvm)_[a-z_]+)").matcher(config);
        int n = 0;
        while (used.find()) {
            String series = used.group(1);
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(series) + "(_bucket|_count|_sum|_max)?[{ ]").matcher(m).find(),
                    series + " is used by config/ but not exported");
            n++;
        }
        assertTrue(n > 20, "found " + n + " uses");
    }
}
