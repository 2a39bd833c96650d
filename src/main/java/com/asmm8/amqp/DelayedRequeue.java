package com.asmm8.amqp;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * "Again later", kept by the broker instead of a consumer thread: a delivery of one queue that
 * cannot be taken now is parked, unchanged, in a delay queue of ASMM8's own
 * ({@code asmm8.requeue.<queue>}), and the delivery is acknowledged. The parked copy expires after
 * the requeue delay (its {@code expiration}) and the broker dead-letters it back to the queue it
 * came from, through the default exchange: the consumer is free at once for the next message.
 * <p>
 * The delay queue is a quorum queue with at-least-once dead-lettering: a copy the queue it goes
 * back to refuses (the platform's queue holds {@code x-max-length} messages, reject-publish) is
 * kept and offered again, never dropped. The routing key the message first came with is kept in
 * the header {@value #ROUTING_KEY} and given back to the route when it returns (a dead-lettered
 * message arrives with the queue's name as its routing key). The parked copy is confirmed by the
 * broker before the delivery is acknowledged: a daemon dying in between leaves both, a duplicate
 * the consumers already tolerate (a request joins the open one, a work item finds its lease).
 */
public class DelayedRequeue {

    private static final Logger LOG = LoggerFactory.getLogger(DelayedRequeue.class);
    /** The header holding the routing key a parked message first came with. */
    public static final String ROUTING_KEY = "asmm8-routing-key";
    /** The exchange property holding the delivery as it came (see {@link #keep}). */
    public static final String DELIVERY = "asmm8Delivery";
    private static final long CONFIRM_SECONDS = 10;

    private final ConnectionFactory broker;
    private final AmqpAcks acks;
    private final String queue;
    private final long delayMillis;
    private final RabbitTemplate template;

    public DelayedRequeue(ConnectionFactory broker, AmqpAcks acks, String queue, long delayMillis) {
        this.broker = broker;
        this.acks = acks;
        this.queue = queue;
        this.delayMillis = delayMillis;
        this.template = new RabbitTemplate(broker);
    }

    /** The delay queue of a queue. */
    public static String delayQueueOf(String queue) {
        return "asmm8.requeue." + queue;
    }

    /** Its arguments: dead-lettered, at least once, to {@code queue} through the default exchange. */
    static Map<String, Object> delayQueueArguments(String queue) {
        Map<String, Object> args = new HashMap<>();
        args.put("x-queue-type", "quorum");
        args.put("x-dead-letter-exchange", "");
        args.put("x-dead-letter-routing-key", queue);
        args.put("x-dead-letter-strategy", "at-least-once");
        args.put("x-overflow", "reject-publish"); // (at-least-once dead-lettering needs it)
        return args;
    }

    /**
     * The route's first step: keeps the delivery as it came (body, properties, headers), for
     * {@link #later}, whatever the route does to the message; a message back from the delay queue
     * gets its first routing key back.
     */
    public void keep(Exchange exchange) {
        org.apache.camel.Message m = exchange.getMessage();
        String first = m.getHeader(ROUTING_KEY, String.class);
        if (first != null) {
            m.setHeader(SpringRabbitMQConstants.ROUTING_KEY, first);
        }
        MessageProperties props = ((SpringRabbitMQEndpoint) exchange.getFromEndpoint()).getMessagePropertiesConverter()
                .toMessageProperties(exchange);
        if (first == null) {
            props.setHeader(ROUTING_KEY, m.getHeader(SpringRabbitMQConstants.ROUTING_KEY, String.class));
        }
        byte[] body = m.getBody(byte[].class);
        exchange.setProperty(DELIVERY, new Message(body == null ? new byte[0] : body, props));
    }

    /**
     * Parks the delivery kept by {@link #keep} for the requeue delay, then acknowledges it. When
     * the broker does not take the parked copy, the delivery is given back to the queue at once
     * (nack, requeue) instead: never lost.
     */
    public void later(Exchange exchange) throws Exception {
        Message kept = exchange.getProperty(DELIVERY, Message.class);
        String delayQueue = delayQueueOf(queue);
        try {
            // declared each time (parking is the exception, not the rule): a queue deleted
            // meanwhile would swallow the copy, which the default exchange cannot route
            new RabbitAdmin(broker).declareQueue(new Queue(delayQueue, true, false, false, delayQueueArguments(queue)));
            kept.getMessageProperties().setExpiration(Long.toString(delayMillis));
            CorrelationData confirm = new CorrelationData();
            template.send("", delayQueue, kept, confirm);
            CorrelationData.Confirm c = confirm.getFuture().get(CONFIRM_SECONDS, TimeUnit.SECONDS);
            if (!c.isAck()) {
                throw new IllegalStateException("the broker refused it: " + c.getReason());
            }
        } catch (Exception e) {
            LOG.warn("Delivery of {} not parked in {} ({}): given back to {} at once", queue, delayQueue,
                    BrokerStartup.brief(e), queue);
            acks.requeue(exchange);
            return;
        }
        acks.ack(exchange);
    }
}
