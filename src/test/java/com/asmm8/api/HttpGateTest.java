package com.asmm8.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.junit.jupiter.api.Test;

/**
 * The gate lets a request in while Camel starts and answers it off the event loop: when Camel has
 * finished starting meanwhile, its /ready is Camel's whole readiness, never 200 on the database
 * and the context alone while another check (the broker's) is still down.
 */
class HttpGateTest {

    @Test
    void aReadyTheGateAnswersAfterCamelStartedAsksEveryReadinessCheck() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            HealthCheckRegistry checks = new DefaultHealthCheckRegistry();
            camel.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, checks);
            camel.getRegistry().bind("brokerHealthCheck", new Check("broker", false));
            camel.start();
            HttpGate gate = new HttpGate(camel, ApiShape.of(""), new Check("database", true), 0, 1024, "/metrics");

            Exchange ready = gate.answer("/ready");

            assertEquals(503, ready.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class));
            assertTrue(ready.getMessage().getBody(String.class).contains("broker"), ready.getMessage().getBody(String.class));
        }
    }

    /** A readiness check that is always up or always down. */
    private static final class Check extends AbstractHealthCheck {
        private final boolean up;

        Check(String id, boolean up) {
            super("test", id);
            this.up = up;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (up) {
                builder.up();
            } else {
                builder.down().message("not connected yet");
            }
        }
    }
}
