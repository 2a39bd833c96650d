package com.asmm8;

import com.asmm8.amqp.AmqpAcks;
import com.asmm8.amqp.AmqpMessages;
import com.asmm8.amqp.AmqpSettings;
import com.asmm8.amqp.AmqpUrl;
import com.asmm8.amqp.BrokerHealthCheck;
import com.asmm8.amqp.BrokerStartup;
import com.asmm8.amqp.DelayedRequeue;
import com.asmm8.amqp.RequestListenerFactory;
import com.asmm8.amqp.ScanRequests;
import com.asmm8.amqp.ScanWork;
import com.asmm8.db.DatabaseStartup;
import com.asmm8.db.DomainRepository;
import com.asmm8.db.HostnameRepository;
import com.asmm8.db.QueuedScanRepository;
import com.asmm8.db.ScanRequestRepository;
import com.asmm8.scan.Leases;
import com.asmm8.scan.ScanQueue;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * The platform's RabbitMQ contract (routes/60-amqp.yaml): settings, connection, the scan-request
 * beans and the broker's readiness check. Off unless asmm8.amqp.url (ASMM8_AMQP_URL) is set: the
 * routes of the "amqp" group are then started with Camel.
 */
public class AmqpConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public AmqpSettings amqpSettings(@PropertyInject(value = "asmm8.amqp.url", defaultValue = "") String url,
            @PropertyInject("asmm8.amqp.exchange") String exchange,
            @PropertyInject("asmm8.amqp.notification-exchange") String notificationExchange,
            @PropertyInject("asmm8.amqp.queue") String queue,
            @PropertyInject("asmm8.amqp.next-routing-key") String nextKey,
            @PropertyInject("asmm8.amqp.event-exchange") String eventExchange,
            @PropertyInject("asmm8.amqp.event-routing-key") String eventKey) {
        return new AmqpSettings(Asmm8Configuration.blankToNull(url), exchange, notificationExchange, queue, nextKey,
                eventExchange, eventKey);
    }

    /**
     * The connection, made from the URL's parts as the Go service reads them ({@link AmqpUrl}: a
     * trailing {@code /} is the vhost {@code /}). Publisher confirms on: a message the broker
     * refuses (reject-publish) is an error, not a silent loss.
     */
    @BindToRegistry(lazy = true)
    public ConnectionFactory amqpConnectionFactory(AmqpSettings settings) throws Exception {
        CachingConnectionFactory cf = new CachingConnectionFactory("127.0.0.1");
        if (settings.isEnabled()) {
            AmqpUrl url = AmqpUrl.parse(settings.url());
            cf.setHost(url.host());
            cf.setPort(url.port());
            cf.setUsername(url.user());
            cf.setPassword(url.password());
            cf.setVirtualHost(url.vhost());
            if (url.tls()) {
                cf.getRabbitConnectionFactory().useSslProtocol();
            }
        }
        cf.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        cf.setConnectionNameStrategy(f -> "asmm8");
        return cf;
    }

    /** The wait for the broker at start (null without a broker). */
    @BindToRegistry(lazy = true)
    public BrokerStartup brokerStartup(CamelContext camel, AmqpSettings settings, ConnectionFactory amqpConnectionFactory) {
        return settings.isEnabled() ? new BrokerStartup(camel, amqpConnectionFactory, AmqpUrl.parse(settings.url())) : null;
    }

    @BindToRegistry(lazy = true)
    public RequestListenerFactory requestListenerFactory() {
        return new RequestListenerFactory();
    }

    @BindToRegistry(lazy = true)
    public ScanRequestRepository scanRequestRepository(DataSource dataSource) {
        return new ScanRequestRepository(dataSource);
    }

    @BindToRegistry(lazy = true)
    public ScanRequests scanRequests(ScanRequestRepository requests, DomainRepository domains, ScanQueue queue,
            AmqpSettings settings) {
        return new ScanRequests(requests, domains, queue, settings);
    }

    @BindToRegistry(lazy = true)
    public AmqpMessages amqpMessages(AmqpSettings settings, HostnameRepository hostnames) {
        return new AmqpMessages(settings, hostnames);
    }

    /** Scan work items on ASMM8's own work queue (competing consumers across daemons); its producer template is injected by Camel. */
    @BindToRegistry(lazy = true, beanPostProcess = true)
    public ScanWork scanWork(DomainRepository domains, QueuedScanRepository queued, Leases leases,
            ConnectionFactory amqpConnectionFactory,
            @PropertyInject("asmm8.amqp.work-exchange") String exchange,
            @PropertyInject("asmm8.amqp.work-queue") String queue,
            @PropertyInject(value = "asmm8.amqp.work-timeout", defaultValue = "3600") long timeoutSeconds) {
        return new ScanWork(domains, queued, leases, amqpConnectionFactory, exchange, queue, Duration.ofSeconds(timeoutSeconds));
    }

    @BindToRegistry(lazy = true)
    public AmqpAcks amqpAcks() {
        return new AmqpAcks();
    }

    /** A request given back for later is parked in the broker (asmm8.requeue.qasmm8), not held by the consumer. */
    @BindToRegistry(lazy = true)
    public DelayedRequeue requestRequeue(ConnectionFactory amqpConnectionFactory, AmqpAcks amqpAcks,
            @PropertyInject("asmm8.amqp.queue") String queue,
            @PropertyInject("asmm8.amqp.requeue-delay") long delayMillis) {
        return new DelayedRequeue(amqpConnectionFactory, amqpAcks, queue, delayMillis);
    }

    /** The same for a work item (asmm8.requeue.asmm8.scan.work). */
    @BindToRegistry(lazy = true)
    public DelayedRequeue workRequeue(ConnectionFactory amqpConnectionFactory, AmqpAcks amqpAcks,
            @PropertyInject("asmm8.amqp.work-queue") String queue,
            @PropertyInject("asmm8.amqp.requeue-delay") long delayMillis) {
        return new DelayedRequeue(amqpConnectionFactory, amqpAcks, queue, delayMillis);
    }

    /** Readiness names the broker only when one is configured (null: nothing bound). */
    @BindToRegistry
    public BrokerHealthCheck brokerHealthCheck(CamelContext camel,
            @PropertyInject(value = "asmm8.amqp.url", defaultValue = "") String url,
            @PropertyInject("asmm8.amqp.queue") String queue) {
        return url.isBlank()
                ? null
                : new BrokerHealthCheck(camel, queue,
                        () -> camel.getRegistry().findSingleByType(BrokerStartup.class).notConnectedReason());
    }

    /**
     * Requests left running by a daemon that died go back to pending (carried out again, once),
     * once the database is open.
     * The routes of routes/60-amqp.yaml start only when a broker is configured: their
     * {@code autoStartup} reads {@code asmm8.amqp.enabled}, set here from the URL.
     */
    @Override
    public void configure(CamelContext ctx) throws Exception {
        ScanRequestRepository requests = ctx.getRegistry().findSingleByType(ScanRequestRepository.class);
        ctx.getRegistry().findSingleByType(DatabaseStartup.class).whenOpen(requests::releaseOrphans);
        AmqpSettings settings = ctx.getRegistry().findSingleByType(AmqpSettings.class);
        ctx.getPropertiesComponent().addInitialProperty("asmm8.amqp.enabled", Boolean.toString(settings.isEnabled()));
        ctx.getPropertiesComponent().addInitialProperty(BrokerStartup.CONSUMERS_PROPERTY, "false");
        if (!settings.isEnabled()) {
            LoggerFactory.getLogger(AmqpConfiguration.class).info("No ASMM8_AMQP_URL: RabbitMQ is not used");
            return;
        }
        // a broken URL stops the start here, in one line naming the setting
        AmqpUrl url = AmqpUrl.parse(settings.url());
        LoggerFactory.getLogger(AmqpConfiguration.class).info("RabbitMQ at {}", url.display());
        BrokerStartup startup = ctx.getRegistry().findSingleByType(BrokerStartup.class);
        ctx.addService(startup, true, true);
        ctx.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // the consumer routes are started once the broker answers
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                startup.begin();
            }
        });
    }
}
