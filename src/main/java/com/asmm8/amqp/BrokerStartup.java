package com.asmm8.amqp;

import com.asmm8.db.DatabaseStartup;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Connects to the broker after start-up, waiting for one that is down or refuses the connection
 * (not started yet, restarting, a user not created yet) with the database wait's backoff: one log
 * line per attempt, {@link #notConnectedReason} for readiness meanwhile. Once a connection opens,
 * the consumer routes of routes/60-amqp.yaml start (their {@code autoStartup} reads
 * {@code asmm8.amqp.consumers}, set to true here, so a reload of that file starts them too). The
 * daemon never exits for a broker: scans and the API run while it waits.
 */
public final class BrokerStartup extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerStartup.class);
    /** The routes that consume from the broker, started once it is reachable. */
    public static final List<String> CONSUMERS = List.of("amqp-requests", "scan-work");
    public static final String CONSUMERS_PROPERTY = "asmm8.amqp.consumers";

    private final CamelContext camel;
    private final ConnectionFactory factory;
    private final AmqpUrl url;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile String waiting;
    private ExecutorService thread;

    public BrokerStartup(CamelContext camel, ConnectionFactory factory, AmqpUrl url) {
        this.camel = camel;
        this.factory = factory;
        this.url = url;
        this.waiting = "broker at " + url.display() + " not connected yet";
    }

    /** Why the broker is not connected yet; null once it was. */
    public String notConnectedReason() {
        return waiting;
    }

    /** Starts waiting in the background once Camel has started (the consumer routes must exist). */
    public void begin() {
        thread = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "asmm8-broker-start");
        thread.submit(this::connect);
    }

    private void connect() {
        long start = System.nanoTime();
        for (int attempt = 0; stopping.getCount() > 0; attempt++) {
            try (Connection c = factory.createConnection()) {
                if (!c.isOpen()) {
                    throw new IllegalStateException("the connection closed at once");
                }
                camel.getPropertiesComponent().addInitialProperty(CONSUMERS_PROPERTY, "true");
                for (String id : CONSUMERS) {
                    if (camel.getRoute(id) != null) {
                        camel.getRouteController().startRoute(id);
                    }
                }
                waiting = null;
                LOG.info("Broker at {} connected{}: consuming {}", url.display(),
                        attempt == 0 ? "" : " after " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s", CONSUMERS);
                return;
            } catch (Exception e) {
                long pause = DatabaseStartup.pauseSeconds(attempt);
                waiting = "broker at " + url.display() + " not reachable (" + brief(e) + "); retrying in " + pause + " s";
                LOG.warn(waiting);
                try {
                    if (stopping.await(pause, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The innermost message: "Connection refused", "ACCESS_REFUSED - Login was refused ...". */
    static String brief(Throwable e) {
        Throwable t = e;
        String m = e.getMessage();
        while (t != null) {
            if (t.getMessage() != null) {
                m = t.getMessage();
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return m == null ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }

    @Override
    protected void doStart() {
        // begun by begin(), after the routes exist
    }

    @Override
    protected void doStop() {
        stopping.countDown();
        if (thread != null) {
            camel.getExecutorServiceManager().shutdownNow(thread);
        }
    }
}
