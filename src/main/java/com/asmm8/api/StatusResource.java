package com.asmm8.api;

import static com.asmm8.api.HttpExchanges.noBody;
import static com.asmm8.api.HttpExchanges.writeRaw;

import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The service's own endpoints (bean {@code statusApi}): liveness and readiness, open to all so
 * probes need no token, and the API description, behind the token like the rest.
 */
public class StatusResource {

    private final HttpExchanges http;
    private final CamelContext camel;

    public StatusResource(HttpExchanges http, CamelContext camel) {
        this.http = http;
        this.camel = camel;
    }

    /** GET /health: 200 while the process answers, in the shape in force. */
    public void health(Exchange ex) {
        http.shape().health(ex);
    }

    /**
     * GET /ready: readiness from Camel's health checks (the routes, the database, the declared
     * tools, the broker when configured), 200 when all are up, 503 otherwise, in the shape in force.
     */
    public void ready(Exchange ex) {
        http.shape().ready(ex, HealthCheckHelper.invokeReadiness(camel));
    }

    /** GET /openapi.json: the API description (src/main/resources/openapi.json). */
    public void openapi(Exchange ex) throws Exception {
        http.handle(ex, () -> {
            noBody(ex);
            try (var in = StatusResource.class.getResourceAsStream("/openapi.json")) {
                writeRaw(ex, "application/json", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            return null;
        });
    }
}
