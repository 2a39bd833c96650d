package com.asmm8.amqp;

import com.asmm8.db.Owner;
import java.util.UUID;
import org.apache.camel.component.springrabbit.DefaultListenerContainerFactory;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;

/**
 * Camel's listener containers, with the platform's consumer tag: {@code qasmm8-<host>-<random>},
 * so the broker's consumer list tells which daemon holds the queue.
 */
public class RequestListenerFactory extends DefaultListenerContainerFactory {

    @Override
    public AbstractMessageListenerContainer createListenerContainer(SpringRabbitMQEndpoint endpoint) {
        AbstractMessageListenerContainer c = super.createListenerContainer(endpoint);
        c.setConsumerTagStrategy(queue -> queue + "-" + Owner.host() + "-" + UUID.randomUUID().toString().substring(0, 8));
        return c;
    }
}
