package com.asmm8.scan;

import com.asmm8.hostname.HostnameNormalizer;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How scan requests reach the scan queue. The routes' {@code enqueue-scan} route is the only
 * place the queue's endpoint is written; Java callers (HTTP API, JMX, the platform's requests)
 * hand their requests to the {@code request-scan} route through {@link #enqueue}, with one
 * producer template that Camel injects and stops.
 */
public class ScanQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ScanQueue.class);
    /** The route that takes a scan asked for, locally or as a work item (routes/10-poll.yaml). */
    public static final String REQUEST = "direct:request-scan";
    /** The route that puts a request on this process's scan queue (routes/10-poll.yaml). */
    public static final String ENQUEUE = "direct:enqueue-scan";

    private final ActiveScans active;
    private final ScanLifecycle lifecycle;
    private final Leases leases;
    /** Domains this process takes at a time (asmm8.scan.parallelism). */
    private final int parallelism;
    @Produce(REQUEST)
    private ProducerTemplate requester;

    public ScanQueue(ActiveScans active, ScanLifecycle lifecycle, Leases leases, int parallelism) {
        this.active = active;
        this.lifecycle = lifecycle;
        this.leases = leases;
        this.parallelism = parallelism;
    }

    /**
     * The schedule's poll: claims the leases of due domains (enabled, not scanned within the
     * interval, no node holding them), at most as many as this process has free scan slots, so
     * the daemons on one database share the domains and a dead one's are taken over. A request per
     * domain claimed; empty when none is due or every slot is taken. One call at a time (the timer
     * and a freed slot may ask together): the free slots are counted once.
     */
    public synchronized List<ScanRequest> due(String type) throws SQLException {
        ScanType t = ScanType.of(type);
        int free = parallelism - active.claimedCount();
        if (free <= 0 || active.isShuttingDown()) { // (a scan ending during the shutdown claims nothing)
            return List.of();
        }
        List<ScanRequest> claimed = leases.claimDue(t, free);
        if (!claimed.isEmpty()) {
            LOG.info("Poll: node {} claimed {} due domains: {}", leases.node(), claimed.size(),
                    claimed.stream().map(ScanRequest::domain).toList());
        }
        return claimed;
    }

    /**
     * A scan request for a domain, or {@code null} when that domain is already queued or being
     * scanned by this process (the poll then leaves it alone).
     */
    public ScanRequest request(String domain, String type) {
        String seed = HostnameNormalizer.seed(domain);
        ScanType t = ScanType.of(type);
        if (!active.claim(seed)) {
            LOG.info("Scan of {} not queued: it is already queued or running", seed);
            return null;
        }
        return new ScanRequest(seed, t);
    }

    /**
     * A scan asked for over HTTP, JMX or the platform's queue, through the {@code request-scan}
     * route: begun here and queued (without a broker), or queued as a work item for any daemon
     * (with one). Either way the caller has the new scan's id at once; when the domain is already
     * queued or being scanned, the id of that scan comes back instead.
     */
    public ScanLifecycle.Started enqueue(String domain, ScanType type) throws Exception {
        ScanRequest request = new ScanRequest(HostnameNormalizer.seed(domain), type);
        try {
            return requester.requestBody(REQUEST, request, ScanLifecycle.Started.class);
        } catch (CamelExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The {@code request-scan} route without a broker: begins the scan here (the route then queues it). */
    public ScanLifecycle.Started begin(ScanRequest request) throws SQLException, IOException {
        return lifecycle.start(request.domain(), request.type());
    }
}
