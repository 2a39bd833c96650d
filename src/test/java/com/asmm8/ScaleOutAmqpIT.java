package com.asmm8;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link ScaleOutIT} with the broker (RabbitMQ on 127.0.0.1:5672): the schedule's work items go
 * to the work queue (one per due domain), the three daemons consume it as competing consumers,
 * and the items of a daemon killed mid-scan go to the others. The queues and exchanges are this
 * run's own, so nothing of another test on the same broker is touched.
 */
class ScaleOutAmqpIT extends ScaleOutIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String WORK = "asmm8-scale-it-work-" + RUN;
    private static final String REQUESTS = "asmm8-scale-it-requests-" + RUN;
    private static final String EXCHANGE = "asmm8-scale-it-" + RUN;

    @Override
    Map<String, String> env(String node) {
        Map<String, String> env = super.env(node);
        env.put("ASMM8_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672");
        env.put("ASMM8_WORK_QUEUE", WORK);
        env.put("ASMM8_AMQP_QUEUE", REQUESTS);
        env.put("ASMM8_AMQP_EXCHANGE", EXCHANGE);
        env.put("ASMM8_AMQP_REQUEUE_DELAY", "500");
        return env;
    }

    @AfterAll
    static void deleteQueues() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri("amqp://guest:guest@127.0.0.1:5672");
        try (Connection c = f.newConnection("asmm8-scale-it"); Channel ch = c.createChannel()) {
            ch.queueDelete(WORK);
            ch.queueDelete(REQUESTS);
            ch.exchangeDelete(EXCHANGE);
        }
    }
}
