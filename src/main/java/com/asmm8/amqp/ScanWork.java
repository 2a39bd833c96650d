package com.asmm8.amqp;

import com.asmm8.db.DomainRepository;
import com.asmm8.db.DomainRepository.Domain;
import com.asmm8.db.QueuedScanRepository;
import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.scan.Leases;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanLifecycle;
import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanStatus;
import com.asmm8.scan.ScanType;
import com.asmm8.util.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
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
 * own work queue, and so does a scan asked for over HTTP, JMX or the platform's queue (recorded
 * {@code queued} first, its id in the item: {@code "scan"}). Every daemon consumes the queue as a
 * competing consumer, at most asmm8.scan.parallelism at a time. The daemon that takes an item claims the domain's lease; the
 * item is acknowledged once the scan's end is recorded, and given back when the scan could not
 * run or was interrupted (a daemon killed: the broker gives its items to the others).
 */
public class ScanWork {

    private static final Logger LOG = LoggerFactory.getLogger(ScanWork.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    /** Work items published per poll at most. */
    private static final int PER_POLL = 1000;

    /** The item's domain is held by another daemon (a dead one's lease not yet expired): give it back, later. */
    public static class Busy extends Exception {
        public Busy(String msg) {
            super(msg);
        }
    }

    private final DomainRepository domains;
    private final QueuedScanRepository queued;
    private final Leases leases;
    private final ConnectionFactory broker;
    private final String exchange;
    private final String queue;
    private final Duration workTimeout;
    private volatile boolean declared;
    /** The route that publishes a work item (routes/60-amqp.yaml). */
    public static final String PUBLISH = "direct:publish-work";
    @Produce(PUBLISH)
    private ProducerTemplate template;

    public ScanWork(DomainRepository domains, QueuedScanRepository queued, Leases leases, ConnectionFactory broker,
            String exchange, String queue, Duration workTimeout) {
        this.domains = domains;
        this.queued = queued;
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
        for (QueuedScanRepository.Queued q : queued.stale(workTimeout)) {
            LOG.warn("Scan {} of {} queued for more than {} s: its work item is published again", q.id(), q.domain(),
                    workTimeout.toSeconds());
            template.sendBody(PUBLISH, item(q.domain(), ScanType.of(q.type()), q.id()));
        }
        List<String> names = leases.queueDue(PER_POLL, workTimeout, d -> template.sendBody(PUBLISH, item(d, t, null)));
        if (!names.isEmpty()) {
            LOG.info("Poll: node {} queued {} due domains on {}: {}", leases.node(), names.size(), queue, names);
        }
        return names.size();
    }

    /**
     * A scan asked for (HTTP, JMX, a {@code cptm8.asmm8.get.scan} message) with a broker: recorded
     * {@code queued} with its id, then published as a work item that names that id, for whichever
     * daemon has a free slot. Answers the id queued, or the id of the scan that holds the domain
     * already. A publish the broker refuses ends the queued scan {@code failed} with the reason, and
     * is thrown.
     */
    public ScanLifecycle.Started queue(ScanRequest request) throws Exception {
        String seed = HostnameNormalizer.seed(request.domain());
        Domain d = domains.ensure(seed, null);
        declare();
        UUID id = UUID.randomUUID();
        Optional<UUID> holder = queued.queue(id, d.id(), d.name(), request.type().id());
        if (holder.isPresent()) {
            LOG.info("Scan of {} not queued: scan {} of it is queued or running", seed, holder.get());
            return new ScanLifecycle.Started(null, holder.get());
        }
        try {
            template.sendBody(PUBLISH, item(seed, request.type(), id));
        } catch (RuntimeException e) {
            queued.endQueued(id, ScanStatus.FAILED.id(), "the work item could not be published: " + e.getMessage());
            throw e;
        }
        LOG.info("Scan {} of {} ({}) queued on {} by node {}", id, seed, request.type().id(), queue, leases.node());
        return new ScanLifecycle.Started(null, null, id);
    }

    /** A work item: {@code {"domain":..,"type":..}}, and {@code "scan"}: the queued scan's id when it was asked for. */
    static String item(String domain, ScanType type, UUID scan) {
        try {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("domain", domain);
            m.put("type", type.id());
            if (scan != null) {
                m.put("scan", scan.toString());
            }
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
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
        UUID scan;
        try {
            JsonNode n = JSON.readTree(body == null ? "" : body);
            domain = n.path("domain").asText(null);
            type = ScanType.of(n.path("type").asText("complete"));
            scan = n.hasNonNull("scan") ? UUID.fromString(n.get("scan").asText()) : null;
            if (domain == null) {
                throw new IllegalArgumentException("no domain");
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("Work item refused for good (not {\"domain\":..,\"type\":..[,\"scan\":..]}): {}", e.getMessage());
            return null;
        }
        Optional<Domain> d = domains.findByName(domain);
        boolean asked = scan != null;
        if (d.isEmpty() || !asked && !d.get().enabled()) {
            LOG.info("Work item for {} dropped: the domain is gone{}", domain, asked ? "" : " or disabled");
            if (asked) {
                queued.endQueued(scan, ScanStatus.CANCELLED.id(), "the domain was deleted before a daemon took the scan");
            }
            return null;
        }
        boolean again = false;
        if (asked && !queued.isQueued(scan)) {
            String status = queued.status(scan).orElse("gone");
            if (!status.equals(ScanStatus.RUNNING.id()) && !status.equals(ScanStatus.INTERRUPTED.id())) {
                LOG.info("Work item of scan {} of {} dropped: it is no longer queued ({})", scan, domain, status);
                return null;
            }
            if (queued.supersededSince(scan)) {
                LOG.info("Work item of scan {} of {} dropped: it ended {} and the domain was scanned again since", scan, domain,
                        status);
                return null;
            }
            // its daemon died (running) or stopped (interrupted) before the end and the broker gave
            // the item back: carried out again, as a new scan, once this daemon holds the lease
            again = true;
        }
        switch (leases.take(d.get().id(), d.get().name(), asked)) {
            case TAKEN :
                if (again) {
                    LOG.warn("Scan {} of {} was asked for and not carried out to its end by the daemon that took it: "
                            + "node {} carries it out again as a new scan", scan, domain, leases.node());
                    return new ScanRequest(d.get().name(), type, null);
                }
                return new ScanRequest(d.get().name(), type, scan);
            case NOT_DUE :
                LOG.info("Work item for {} dropped: scanned since it was queued", domain);
                return null;
            default :
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
