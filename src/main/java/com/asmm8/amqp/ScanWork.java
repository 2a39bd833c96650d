package com.asmm8.amqp;

import com.asmm8.db.DomainRepository;
import com.asmm8.db.DomainRepository.Domain;
import com.asmm8.scan.Leases;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * Scan work through RabbitMQ (routes/10-poll.yaml and 60-amqp.yaml, with ASMM8_AMQP_URL): the
 * poll publishes one durable work item per due domain ({@code {"domain":..,"type":..}}) on ASMM8's
 * own work queue, and every daemon consumes it as a competing consumer, at most
 * asmm8.scan.parallelism at a time. The daemon that takes an item claims the domain's lease; the
 * item is acknowledged once the scan's end is recorded, and given back when the scan could not
 * run or was interrupted (a daemon killed: the broker gives its items to the others).
 */
public class ScanWork {

    private static final Logger LOG = LoggerFactory.getLogger(ScanWork.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Work items published per poll at most. */
    private static final int PER_POLL = 1000;

    /** The item's domain is held by another daemon (a dead one's lease not yet expired): give it back, later. */
    public static class Busy extends Exception {
        public Busy(String msg) {
            super(msg);
        }
    }

    private final DomainRepository domains;
    private final Leases leases;
    private final ConnectionFactory broker;
    private final String exchange;
    private final String queue;
    private final Duration workTimeout;
    private volatile boolean declared;
    /** The route that publishes a work item (routes/60-amqp.yaml). */
    public static final String PUBLISH = "direct:publish-work";
    @org.apache.camel.Produce(PUBLISH)
    private org.apache.camel.ProducerTemplate template;

    public ScanWork(DomainRepository domains, Leases leases, ConnectionFactory broker, String exchange, String queue,
                    Duration workTimeout) {
        this.domains = domains;
        this.leases = leases;
        this.broker = broker;
        this.exchange = exchange;
        this.queue = queue;
        this.workTimeout = workTimeout;
    }

    /**
     * The poll: publishes (through {@code direct:publish-work}) a work item for every due domain
     * no daemon holds and none has published an item for, and marks them queued in the same
     * database transaction, so no daemon publishes them again while they wait, and a daemon that
     * dies while it publishes leaves them to the next poll. The work queue is declared first, so no
     * item is published before it can be routed. Answers how many were published.
     */
    public int due(String type) throws Exception {
        ScanType t = ScanType.of(type);
        declare();
        List<String> names = leases.queueDue(PER_POLL, workTimeout, d -> template.sendBody(PUBLISH, item(d, t)));
        if (!names.isEmpty()) {
            LOG.info("Poll: node {} queued {} due domains on {}: {}", leases.node(), names.size(), queue, names);
        }
        return names.size();
    }

    static String item(String domain, ScanType type) {
        try {
            return JSON.writeValueAsString(Map.of("domain", domain, "type", type.id()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A delivered work item: the scan request to run now (this daemon holds the lease), or null
     * when there is nothing to do (scanned since, disabled, not a work item: acknowledged and
     * dropped). Throws {@link Busy} when another daemon holds the domain.
     */
    public ScanRequest take(Exchange exchange) throws SQLException, Busy {
        String body = exchange.getMessage().getBody(String.class);
        String domain;
        ScanType type;
        try {
            JsonNode n = JSON.readTree(body == null ? "" : body);
            domain = n.path("domain").asText(null);
            type = ScanType.of(n.path("type").asText("complete"));
            if (domain == null) {
                throw new IllegalArgumentException("no domain");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("Work item refused for good (not {\"domain\":..,\"type\":..}): {}", e.getMessage());
            return null;
        }
        Optional<Domain> d = domains.findByName(domain);
        if (d.isEmpty() || !d.get().enabled()) {
            LOG.info("Work item for {} dropped: the domain is gone or disabled", domain);
            return null;
        }
        switch (leases.take(d.get().id(), d.get().name())) {
            case TAKEN:
                return new ScanRequest(d.get().name(), type);
            case NOT_DUE:
                LOG.info("Work item for {} dropped: scanned since it was queued", domain);
                return null;
            default:
                throw new Busy(domain + " is held by another daemon (its lease has not expired)");
        }
    }

    /** True when the work item's scan ran to its end (acknowledge it); false: give it back to the broker. */
    public boolean carriedOut(Exchange exchange) {
        ScanRun run = exchange.getProperty(ScanExchange.SCAN, ScanRun.class);
        return run != null && !run.isInterrupted();
    }

    private void declare() {
        if (!declared) {
            RabbitAdmin admin = new RabbitAdmin(broker);
            DirectExchange x = new DirectExchange(exchange, true, false);
            Queue q = new Queue(queue, true, false, false);
            admin.declareExchange(x);
            admin.declareQueue(q);
            Binding b = BindingBuilder.bind(q).to(x).with(queue);
            admin.declareBinding(b);
            declared = true;
        }
    }
}
