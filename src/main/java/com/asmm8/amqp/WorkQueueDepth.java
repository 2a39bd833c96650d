package com.asmm8.amqp;

import java.util.Properties;
import java.util.function.Supplier;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The work items waiting on the broker's work queue, for the {@code asmm8_scan_queue_length}
 * gauge: asked of the broker at most every 10 s (a scrape must not cost a round trip each), NaN
 * without a broker or while it cannot be asked.
 */
public final class WorkQueueDepth implements Supplier<Number> {

    private static final long TTL_NANOS = 10_000_000_000L;

    private final ConnectionFactory factory;
    private final String queue;
    private volatile long askedAt;
    private volatile double last = Double.NaN;

    /** {@code factory} null: no broker (always NaN). */
    public WorkQueueDepth(ConnectionFactory factory, String queue) {
        this.factory = factory;
        this.queue = queue;
    }

    @Override
    public synchronized Number get() {
        if (factory == null) {
            return Double.NaN;
        }
        long now = System.nanoTime();
        if (askedAt == 0 || now - askedAt > TTL_NANOS) {
            askedAt = now;
            try {
                Properties p = new RabbitAdmin(factory).getQueueProperties(queue);
                last = p == null || !(p.get(RabbitAdmin.QUEUE_MESSAGE_COUNT) instanceof Number n) ? Double.NaN : n.doubleValue();
            } catch (RuntimeException e) {
                last = Double.NaN;
            }
        }
        return last;
    }
}
