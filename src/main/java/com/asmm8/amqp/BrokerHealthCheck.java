package com.asmm8.amqp;

import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/** Readiness (only when a broker is configured): the broker answers and the request queue has a consumer. */
public final class BrokerHealthCheck extends AbstractHealthCheck {

    private final CamelContext camel;
    private final String queue;
    private final Supplier<String> notConnected;

    /** {@code notConnected}: why the broker was not connected yet at start (null once it was). */
    public BrokerHealthCheck(CamelContext camel, String queue, Supplier<String> notConnected) {
        super("asmm8", "broker");
        this.camel = camel;
        this.queue = queue;
        this.notConnected = notConnected;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String waiting = notConnected.get();
        if (waiting != null) {
            builder.down().message(waiting);
            return;
        }
        try {
            ConnectionFactory cf = camel.getRegistry().findSingleByType(ConnectionFactory.class);
            Properties q = new RabbitAdmin(cf).getQueueProperties(queue);
            if (q == null) {
                builder.down().message("queue " + queue + " does not exist");
                return;
            }
            Object consumers = q.get(RabbitAdmin.QUEUE_CONSUMER_COUNT);
            builder.detail("queue", queue);
            builder.detail("consumers", consumers);
            builder.detail("messages", q.get(RabbitAdmin.QUEUE_MESSAGE_COUNT));
            if (consumers instanceof Integer n && n > 0) {
                builder.up().message("connected; " + queue + " consumed");
            } else {
                builder.down().message("connected, but " + queue + " has no consumer");
            }
        } catch (Exception e) {
            builder.down().message("down: " + e.getMessage());
        }
    }
}
