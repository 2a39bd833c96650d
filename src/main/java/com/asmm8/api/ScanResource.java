package com.asmm8.api;

import static com.asmm8.api.HttpExchanges.intParam;
import static com.asmm8.api.HttpExchanges.noBody;
import static com.asmm8.api.HttpExchanges.query;
import static com.asmm8.api.HttpExchanges.uuid;

import com.asmm8.amqp.ScanRequests;
import com.asmm8.api.HttpExchanges.Response;
import com.asmm8.db.DomainRepository;
import com.asmm8.db.HostnameRepository;
import com.asmm8.db.QueuedScanRepository;
import com.asmm8.db.RawJson;
import com.asmm8.db.ScanRunRepository;
import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.scan.ActiveScans;
import com.asmm8.scan.ScanLifecycle;
import com.asmm8.scan.ScanQueue;
import com.asmm8.scan.ScanStatus;
import com.asmm8.scan.ScanType;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;

/**
 * The {@code /scan} and {@code /scans} endpoints (bean {@code scanApi}): scans started at once
 * (answering 202 with their ids), followed while they run, listed and cancelled.
 */
public class ScanResource {

    private static final int MAX_TARGETS = 1000;

    private final HttpExchanges http;
    private final DomainRepository domains;
    private final HostnameRepository hostnames;
    private final ScanRunRepository runs;
    private final QueuedScanRepository queued;
    private final ScanQueue queue;
    private final ActiveScans active;
    private final ScanRequests requests;

    public ScanResource(HttpExchanges http, DomainRepository domains, HostnameRepository hostnames, ScanRunRepository runs,
            QueuedScanRepository queued, ScanQueue queue, ActiveScans active,
            ScanRequests requests) {
        this.requests = requests;
        this.http = http;
        this.domains = domains;
        this.hostnames = hostnames;
        this.runs = runs;
        this.queued = queued;
        this.queue = queue;
        this.active = active;
    }

    /** GET /scan. */
    public void startComplete(Exchange ex) throws Exception {
        start(ex, ScanType.COMPLETE);
    }

    /** GET /scan/passive. */
    public void startPassive(Exchange ex) throws Exception {
        start(ex, ScanType.PASSIVE);
    }

    /** GET /scan/active. */
    public void startActive(Exchange ex) throws Exception {
        start(ex, ScanType.ACTIVE);
    }

    /** GET /scan/check. */
    public void startCheck(Exchange ex) throws Exception {
        start(ex, ScanType.CHECK);
    }

    /**
     * Starts scans of the {@code domains} given (all of them stored) or of every enabled domain,
     * and answers 202 with their ids; the domains already being scanned are named under
     * {@code running}, and when that is all of them the answer is 409. (The Go shape tells "no
     * target in scope" from an empty {@code scans}.)
     */
    private void start(Exchange ex, ScanType type) throws Exception {
        http.handle(ex, GoPath.scan(type), () -> {
            noBody(ex);
            Map<String, String> q = query(ex, Set.of("domains"));
            List<String> targets = q.containsKey("domains") ? storedDomains(q.get("domains")) : domains.enabledNames();
            List<Map<String, Object>> started = new ArrayList<>();
            List<Map<String, Object>> running = new ArrayList<>();
            for (String d : targets) {
                ScanLifecycle.Started s = queue.enqueue(d, type);
                if (s.isNew()) { // begun here, or queued for any daemon (with a broker)
                    started.add(Map.of("id", s.id(), "domain", d, "type", type.id()));
                } else {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("domain", d);
                    r.put("id", s.id());
                    running.add(r);
                }
            }
            if (!q.containsKey("domains")) {
                // every enabled domain: with a broker, the next service is told when these scans end
                List<UUID> ids = new ArrayList<>();
                started.forEach(m -> ids.add((UUID) m.get("id")));
                running.stream().filter(m -> m.get("id") != null).forEach(m -> ids.add((UUID) m.get("id")));
                requests.followTrigger(type, "http", ids);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("scans", started);
            data.put("running", running);
            if (started.isEmpty() && !running.isEmpty()) {
                throw new ApiException(409, "already being scanned: " + running, data);
            }
            return new Response(202, started.size() + " " + type.id() + " scans started", data, null);
        });
    }

    /** The comma-separated {@code domains} parameter: canonical, each in the inventory, without repeats. */
    private List<String> storedDomains(String param) throws SQLException {
        List<String> targets = new ArrayList<>();
        for (String d : param.split(",", -1)) {
            String name;
            try {
                name = HostnameNormalizer.seed(d);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "domains: " + e.getMessage());
            }
            if (domains.findByName(name).isEmpty()) {
                throw new ApiException(404, "domains: " + name + " is not in the inventory (POST /domain first)");
            }
            if (!targets.contains(name)) {
                targets.add(name);
            }
        }
        if (targets.size() > MAX_TARGETS) {
            throw new ApiException(400, "domains: at most " + MAX_TARGETS);
        }
        return targets;
    }

    /**
     * GET /scan/{id}: the stored run, with the live counts while this process runs it (or the
     * counters stored by the daemon that runs it), and its new names.
     */
    public void get(Exchange ex) throws Exception {
        http.handle(ex, () -> {
            noBody(ex);
            UUID id = uuid(ex, "id");
            Map<String, Object> run = new LinkedHashMap<>(Lookups.scan(runs, id));
            var here = active.find(id);
            if (here.isPresent()) {
                var r = here.get();
                run.put("hostnamesseen", r.getHostnamesSeen());
                run.put("newhostnames", r.getNewHostnames());
                run.put("livechanges", r.getLiveChanges());
                run.put("phase", r.getPhase() == null ? null : r.getPhase().id());
                run.put("progress", ProgressView.of(r));
            } else if (ScanStatus.RUNNING.id().equals(run.get("status"))) {
                // another daemon runs it: the counters it last stored (the DNS engine every 2 s)
                run.put("progress", ProgressView.stored((String) run.get("phase"),
                        run.get("phases") instanceof RawJson phases ? phases.json() : null));
            }
            run.put("newhostnamelist", hostnames.foundSince((String) run.get("domain"),
                    Timestamp.from(Instant.parse((String) run.get("startedat"))), 1000));
            return Response.ok("scan", run);
        });
    }

    /** GET /scans?domain=&status=&limit=: the latest runs, newest first. */
    public void list(Exchange ex) throws Exception {
        http.handle(ex, () -> {
            noBody(ex);
            Map<String, String> q = query(ex, Set.of("domain", "status", "limit"));
            String domain = null;
            if (q.containsKey("domain")) {
                try {
                    domain = HostnameNormalizer.seed(q.get("domain"));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(400, "domain: " + e.getMessage());
                }
            }
            String status = q.get("status");
            if (status != null && !ScanStatus.isId(status)) {
                throw new ApiException(400, "status must be one of " + ScanStatus.ids());
            }
            List<Map<String, Object>> l = runs.list(domain, status, intParam(q, "limit", 50, 1, 500));
            return Response.ok(l.size() + " scans", l);
        });
    }

    /**
     * DELETE /scan/{id}: 202 while the cancel takes effect (here, or on the daemon that runs the
     * scan, which finds the mark); a queued scan is cancelled at once; 409 when it is not running.
     */
    public void cancel(Exchange ex) throws Exception {
        http.handle(ex, () -> {
            noBody(ex);
            UUID id = uuid(ex, "id");
            // this process's own scans are cancelled without asking the database (it may be away)
            if (active.find(id).isPresent() && active.cancel(id)) {
                return new Response(202, "scan " + id + " is being cancelled", Map.of("id", id), null);
            }
            Map<String, Object> run = Lookups.scan(runs, id);
            if (ScanStatus.QUEUED.id().equals(run.get("status"))
                    && queued.endQueued(id, ScanStatus.CANCELLED.id(), "cancelled before a daemon took it")) {
                return new Response(202, "scan " + id + " is cancelled", Map.of("id", id), null);
            }
            if (!ScanStatus.RUNNING.id().equals(run.get("status"))) {
                throw new ApiException(409, "scan " + id + " is not running (" + run.get("status") + ")");
            }
            if (!active.cancel(id)) {
                // another daemon runs it: it finds the mark within asmm8.scan.cancel-poll
                if (!runs.requestCancel(id)) {
                    throw new ApiException(409, "scan " + id + " is not running");
                }
                return new Response(202, "scan " + id + " runs on node " + run.get("node") + ", which is asked to cancel it",
                        Map.of("id", id, "node", String.valueOf(run.get("node"))), null);
            }
            return new Response(202, "scan " + id + " is being cancelled", Map.of("id", id), null);
        });
    }
}
