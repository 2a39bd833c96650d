package com.asmm8.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class HttpExchangesTest {

    private final HttpExchanges http = new HttpExchanges(new ApiAuth(""), ApiShape.of(""));

    /** As the api-errors route configuration answers what an endpoint threw. */
    private Exchange answer(HttpExchanges.Handler h) {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        try {
            http.handle(ex, h);
        } catch (Exception e) {
            ex.setProperty(Exchange.EXCEPTION_CAUGHT, e);
            http.failed(ex);
        }
        return ex;
    }

    @Test
    void theDatabaseBeingAwayAnswers503WithRetryAfterAndTheJsonError() {
        Exchange ex = answer(() -> {
            throw new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        });
        assertEquals(503, ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("10", ex.getMessage().getHeader("Retry-After"));
        assertEquals("{\"status\":\"error\",\"msg\":\"the database is unreachable, try again later\"}",
                ex.getMessage().getBody(String.class));
    }

    @Test
    void aBrokerThatDoesNotTakeTheWorkAnswers503NamingTheBroker() {
        Exchange ex = answer(() -> {
            // what spring-amqp throws when RabbitMQ refuses the connection while a scan is queued
            throw new org.apache.camel.CamelExecutionException("publish failed", null,
                    new org.springframework.amqp.AmqpConnectException(new java.net.ConnectException("Connection refused")));
        });
        assertEquals(503, ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("10", ex.getMessage().getHeader("Retry-After"));
        assertEquals("{\"status\":\"error\",\"msg\":\"the message broker is unreachable, try again later\"}",
                ex.getMessage().getBody(String.class));
    }

    @Test
    void anyOtherFailureStaysA500WithoutRetryAfter() {
        Exchange ex = answer(() -> {
            throw new SQLException("syntax error", "42601");
        });
        assertEquals(500, ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertNull(ex.getMessage().getHeader("Retry-After"));
    }
}
