package com.asmm8.amqp;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;

/** Manual acknowledgement of the delivery an exchange carries (the consumer runs with acknowledgeMode=MANUAL). */
public class AmqpAcks {

    /** The message is ours (recorded) or refused for good: the broker may forget it. */
    public void ack(Exchange exchange) throws IOException {
        channel(exchange).basicAck(tag(exchange), false);
    }

    /**
     * Given back at once: the broker keeps the message and delivers it again without a pause. The
     * fallback of {@link DelayedRequeue#later}, which parks it for the requeue delay instead.
     */
    public void requeue(Exchange exchange) throws IOException {
        channel(exchange).basicNack(tag(exchange), false, true);
    }

    private static Channel channel(Exchange exchange) {
        return exchange.getProperty(SpringRabbitMQConstants.CHANNEL, Channel.class);
    }

    private static long tag(Exchange exchange) {
        return exchange.getMessage().getHeader(SpringRabbitMQConstants.DELIVERY_TAG, Long.class);
    }
}
