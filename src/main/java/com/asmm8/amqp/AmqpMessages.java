package com.asmm8.amqp;

import com.asmm8.db.HostnameRepository;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRun;
import com.asmm8.util.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.springframework.amqp.core.MessageDeliveryMode;

/**
 * The messages ASMM8 publishes, each wrapped as the platform's services expect
 * ({@code {"channel": <routing key>, "payload": {...}, "timestamp": <RFC 3339>, "source": "asmm8"}},
 * persistent, application/json). Each method sets the body and the exchange and routing key the
 * publish route sends it to.
 */
public class AmqpMessages {

    /** The header naming the exchange a message goes to (the publish route reads it). */
    public static final String EXCHANGE = "asmm8Exchange";
    /** The exchange property holding the {@link ScanRequests.Outcome} the request messages are about. */
    public static final String OUTCOME = "requestOutcome";
    /** How many names a per-scan event lists at most (the rest is counted, not listed). */
    static final int EVENT_NAMES = 10_000;
    private static final ObjectMapper JSON = Json.MAPPER;

    private final AmqpSettings settings;
    private final HostnameRepository hostnames;

    public AmqpMessages(AmqpSettings settings, HostnameRepository hostnames) {
        this.settings = settings;
        this.hostnames = hostnames;
    }

    /** To the next service (naabum8): the request is done. */
    public void next(Exchange exchange) throws JsonProcessingException {
        ScanRequests.Outcome o = outcome(exchange);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("status", o.complete() ? "complete" : "warning");
        payload.put("message", o.message());
        publish(exchange.getMessage(), settings.exchange(), settings.nextRoutingKey(), payload);
    }

    /** The notification that new hostnames were found, for admins (the platform sends it once per role). */
    public void foundForAdmins(Exchange exchange) throws JsonProcessingException {
        notify(exchange.getMessage(), "admin", "security", "security", "New hostnames have been found");
    }

    /** The same for users. */
    public void foundForUsers(Exchange exchange) throws JsonProcessingException {
        notify(exchange.getMessage(), "user", "security", "security", "New hostnames have been found");
    }

    /**
     * The notification of a takeover lead (the lead in the body, as {@link com.asmm8.db.LeadRepository#claim}
     * gives it), for admins, severity high: a name whose CNAME leads to a name that does not exist.
     */
    @SuppressWarnings("unchecked")
    public void takeoverLead(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> lead = exchange.getMessage().getBody(Map.class);
        exchange.setProperty("leadId", lead.get("hostnameid"));
        String text = "Possible subdomain takeover: " + lead.get("name") + " is a CNAME to " + lead.get("target")
                + ", which does not exist ("
                + lead.get("rcode") + ")" + (lead.get("service") == null ? "" : "; " + lead.get("service") + " resources are claimable");
        Map<String, Object> payload = notification("admin", "security", "takeover_lead", text, "high");
        payload.put("hostname", lead.get("name"));
        payload.put("domain", lead.get("domain"));
        payload.put("lead", Map.of("target", lead.get("target"), "rcode", lead.get("rcode"), "chain", lead.get("chain"), "service",
                lead.get("service") == null ? "" : lead.get("service")));
        publish(exchange.getMessage(), settings.notificationExchange(), "app.security.high", payload);
    }

    /** The notification that a request ended with warnings (a scan failed, was skipped or interrupted), for admins. */
    public void warning(Exchange exchange) throws JsonProcessingException {
        ScanRequests.Outcome o = outcome(exchange);
        notify(exchange.getMessage(), "admin", "warning", "system_warning", o.message());
    }

    private void notify(Message m, String role, String kind, String type, String text) throws JsonProcessingException {
        publish(m, settings.notificationExchange(), "app." + kind + ".normal", notification(role, kind, type, text, "normal"));
    }

    /** The platform's notification payload. */
    private static Map<String, Object> notification(String role, String kind, String type, String text, String severity) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("userrole", role);
        payload.put("type", type);
        payload.put("message", text);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("severity", severity);
        meta.put("channeltype", "app");
        meta.put("eventtype", kind);
        payload.put("metadata", meta);
        return payload;
    }

    /**
     * One event per scan on a key of ASMM8's own: what changed (new hostnames, names gone, live
     * flips, and each name's addresses or CNAME that changed: {@code name}, {@code type},
     * {@code old}, {@code new}), so a consumer never has to diff the table.
     */
    public void scanEvent(Exchange exchange) throws SQLException, JsonProcessingException {
        ScanRun run = ScanExchange.run(exchange);
        List<String> found = hostnames.foundSince(run.getDomain(), run.getStartedAt(), EVENT_NAMES);
        List<Map<String, Object>> flips = hostnames.liveChangedSince(run.getDomainId(), run.getStartedAt(), EVENT_NAMES);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("scanid", run.getId().toString());
        payload.put("domain", run.getDomain());
        payload.put("scantype", run.getTypeId());
        payload.put("status", run.outcome().id());
        payload.put("startedat", run.getStartedAt().toInstant().toString());
        payload.put("hostnamesseen", run.getHostnamesSeen());
        payload.put("newhostnames", run.getNewHostnames());
        payload.put("livechanges", run.getLiveChanges());
        payload.put("new", found);
        payload.put("gone", flips.stream().filter(f -> Boolean.FALSE.equals(f.get("live"))).map(f -> f.get("name")).toList());
        payload.put("livenow", flips.stream().filter(f -> Boolean.TRUE.equals(f.get("live"))).map(f -> f.get("name")).toList());
        List<Map<String, Object>> records = hostnames.recordChangesSince(run.getDomainId(), run.getStartedAt(), EVENT_NAMES);
        payload.put("changes", records);
        payload.put("truncated", found.size() >= EVENT_NAMES || flips.size() >= EVENT_NAMES || records.size() >= EVENT_NAMES);
        publish(exchange.getMessage(), settings.eventExchange(), settings.eventRoutingKey(), payload);
    }

    private static ScanRequests.Outcome outcome(Exchange exchange) {
        return exchange.getProperty(OUTCOME, ScanRequests.Outcome.class);
    }

    private static void publish(Message m, String exchange, String routingKey, Map<String, Object> payload)
            throws JsonProcessingException {
        m.setBody(envelope(routingKey, payload, Instant.now()));
        m.setHeader(EXCHANGE, exchange);
        m.setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, routingKey);
        m.setHeader(SpringRabbitMQConstants.CONTENT_TYPE, "application/json");
        m.setHeader(SpringRabbitMQConstants.DELIVERY_MODE, MessageDeliveryMode.PERSISTENT);
    }

    /** The platform's wrapper; {@code payload} is left out when empty. */
    static String envelope(String channel, Map<String, Object> payload, Instant at) throws JsonProcessingException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", channel);
        if (payload != null && !payload.isEmpty()) {
            m.put("payload", payload);
        }
        m.put("timestamp", at.toString());
        m.put("source", "asmm8");
        return JSON.writeValueAsString(m);
    }
}
