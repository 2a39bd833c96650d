package com.asmm8.amqp;

/**
 * The platform's RabbitMQ contract as configured (config/application.properties, asmm8.amqp.*).
 * Off unless {@code url} is set.
 *
 * @param url                  amqp://user:password@host:port/vhost, or blank for no broker
 * @param exchange             the platform's topic exchange (cptm8): requests come from it, naabum8 is told on it
 * @param notificationExchange the topic exchange of user notifications
 * @param queue                the queue ASMM8 consumes (qasmm8)
 * @param nextRoutingKey       what a done request publishes to start the next service (cptm8.naabum8.get.scan)
 * @param eventExchange        where the per-scan change event goes
 * @param eventRoutingKey      its routing key
 */
public record AmqpSettings(String url, String exchange, String notificationExchange, String queue, String nextRoutingKey,
        String eventExchange, String eventRoutingKey) {

    public boolean isEnabled() {
        return url != null && !url.isBlank();
    }
}
