package com.asmm8.amqp;

import com.asmm8.db.DomainRepository;
import com.asmm8.db.Owner;
import com.asmm8.db.ScanRequestRepository;
import com.asmm8.db.ScanRequestRepository.Request;
import com.asmm8.scan.ScanLifecycle;
import com.asmm8.scan.ScanQueue;
import com.asmm8.scan.ScanStatus;
import com.asmm8.scan.ScanType;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scan requests from the platform's queue. A message is taken once it is durably recorded in
 * PostgreSQL (or joined to the open request of the same scan type), so the delivery is
 * acknowledged at once and never held for the length of a scan; the request is then carried out
 * by one daemon, and closed when every scan that answers it has ended.
 */
public class ScanRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ScanRequests.class);
    private static final ObjectMapper JSON = Json.MAPPER;

    /** What became of a message: the route acknowledges all three. */
    public enum Verdict {
        RECORDED, JOINED, REFUSED
    }

    /** A request whose scans have all ended: what the platform is told. */
    public record Outcome(UUID requestId, String scanType, String routingKey, int joined, boolean complete,
            String message, int scans, int newHostnames) {
    }

    private final ScanRequestRepository requests;
    private final DomainRepository domains;
    private final ScanQueue queue;
    private final AmqpSettings settings;

    public ScanRequests(ScanRequestRepository requests, DomainRepository domains, ScanQueue queue, AmqpSettings settings) {
        this.requests = requests;
        this.domains = domains;
        this.queue = queue;
        this.settings = settings;
    }

    /**
     * A scan of every enabled domain started over HTTP: with a broker, it is followed like a
     * request from the queue, so the next service is told when it is done (as the Go service's
     * HTTP triggers did). Without a broker: nothing.
     */
    public void followTrigger(ScanType type, String source, List<UUID> scanIds) throws SQLException {
        if (!settings.isEnabled() || scanIds.isEmpty()) {
            return;
        }
        ScanRequestRepository.Recorded r = requests.recordStarted(type.id(), source, Owner.ME, scanIds);
        LOG.info("Request {} ({}): {}", r.id(), source, r.joined() ? "joined the open request of that scan type" : "followed");
    }

    /**
     * The consumer's step: reads the routing key and body, and records the request (or joins the
     * open one). A message that asks for no scan, has a body that is not JSON, or comes when no
     * domain is enabled is refused for good. Throws when the request cannot be recorded (the
     * database is down): the route then gives the message back to the broker.
     */
    public Verdict receive(Exchange exchange) throws SQLException {
        String key = exchange.getMessage().getHeader(SpringRabbitMQConstants.ROUTING_KEY, String.class);
        Optional<ScanType> type = RequestKeys.scanType(key);
        if (type.isEmpty()) {
            return refuse(key, "the routing key names no scan (cptm8.asmm8.get.scan[.passive|.active|.check])");
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null && body.length > 0 && !isJson(body)) {
            return refuse(key, "the body is not JSON");
        }
        if (domains.enabledNames().isEmpty()) {
            return refuse(key, "no domain is enabled: nothing to scan");
        }
        ScanRequestRepository.Recorded r = requests.record(type.get().id(), key);
        LOG.info("Request {} ({}): {}", r.id(), key, r.joined() ? "joined the open request of that scan type" : "recorded");
        return r.joined() ? Verdict.JOINED : Verdict.RECORDED;
    }

    private static Verdict refuse(String key, String why) {
        LOG.warn("Request refused ({}): {}", key, why);
        return Verdict.REFUSED;
    }

    private static boolean isJson(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Claims the next pending request (one daemon gets it) and queues a scan of every enabled
     * domain for it; a domain already being scanned answers with its running scan. Null when
     * nothing is pending.
     */
    public Request carryOutNext() throws Exception {
        Optional<Request> next = requests.claimNext(Owner.ME);
        if (next.isEmpty()) {
            return null;
        }
        Request r = next.get();
        ScanType type = ScanType.of(r.scanType());
        List<UUID> scans = new ArrayList<>();
        for (String d : domains.enabledNames()) {
            ScanLifecycle.Started s = queue.enqueue(d, type);
            UUID id = s.id();
            if (id != null) {
                scans.add(id);
            } else {
                LOG.info("Request {}: {} is queued by another request of this daemon; not waited for", r.id(), d);
            }
        }
        requests.answeredBy(r.id(), scans);
        LOG.info("Request {} ({} scan of {} domains) started", r.id(), type.id(), scans.size());
        return r;
    }

    /** The requests this daemon carries out whose scans have all ended, with their outcome. */
    public List<Outcome> finished() throws SQLException {
        List<Outcome> out = new ArrayList<>();
        for (Request r : requests.runningOf(Owner.ME)) {
            List<Map<String, Object>> scans = requests.scanSummaries(r.scanIds());
            if (scans.stream().anyMatch(s -> ScanStatus.of((String) s.get("status")).isOpen())) {
                continue;
            }
            List<String> problems = new ArrayList<>();
            int found = 0;
            for (Map<String, Object> s : scans) {
                found += (Integer) s.get("newhostnames");
                if (!ScanStatus.COMPLETED.id().equals(s.get("status"))) {
                    problems.add(s.get("domain") + " " + s.get("status"));
                }
            }
            boolean complete = problems.isEmpty();
            String message = r.scanType() + " scan of " + scans.size() + " domains "
                    + (complete ? "completed" : "ended with warnings: " + String.join(", ", problems))
                    + "; " + found + " new hostnames";
            out.add(new Outcome(r.id(), r.scanType(), r.routingKey(), r.joined(), complete, message, scans.size(), found));
        }
        return out;
    }

    /** Closes a request once the platform has been told. */
    public void close(Outcome o) throws SQLException {
        requests.done(o.requestId(), o.complete() ? "complete" : "warning", o.message());
        LOG.info("Request {} done: {}", o.requestId(), o.message());
    }
}
