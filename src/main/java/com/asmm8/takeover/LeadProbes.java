package com.asmm8.takeover;

import com.asmm8.db.LeadRepository;
import com.asmm8.db.LeadRepository.ProbeTarget;
import com.asmm8.db.LeadRepository.Probed;
import com.asmm8.dns.Takeovers;
import com.asmm8.dns.Takeovers.Fingerprint;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the takeover probes (routes/38-takeovers.yaml): which names of a checked domain
 * point into a service whose unclaimed resources show themselves by their page (a fingerprint with
 * {@code unclaimed: http}), the request for that page (GET / on the name's address with the name
 * as Host), the verdict (the page holds the fingerprint's text, with its status when it has one),
 * and the verdicts written in one statement.
 */
public class LeadProbes {

    private static final Logger LOG = LoggerFactory.getLogger(LeadProbes.class);
    /** Exchange property: the probe the current request is for. */
    static final String PROBE = "leadProbe";
    /** The most of a page read: fingerprints are near the top. */
    static final int BODY_MAX = 64 * 1024;

    /** One name to probe, and the fingerprint its CNAME matched. */
    public record Probe(ProbeTarget target, Fingerprint fingerprint, String cname) {
    }

    private final LeadRepository leads;
    private final Takeovers takeovers;
    private final int port;
    private final int max;

    /**
     * @param port the port asked (80; a test's server elsewhere)
     * @param max  the most names probed per scan
     */
    public LeadProbes(LeadRepository leads, Takeovers takeovers, int port, int max) {
        this.leads = leads;
        this.takeovers = takeovers;
        this.port = port;
        this.max = max;
    }

    /** The names of the scan's domain to probe; none without an http fingerprint. */
    public List<Probe> targets(Exchange exchange) throws SQLException {
        ScanRun run = ScanExchange.run(exchange);
        List<Fingerprint> http = takeovers.fingerprints().stream().filter(Fingerprint::http).toList();
        if (http.isEmpty()) {
            return List.of();
        }
        List<String> suffixes = http.stream().flatMap(f -> f.cnames().stream()).distinct().toList();
        List<Probe> out = new ArrayList<>();
        for (ProbeTarget t : leads.probeTargets(run.getDomainId(), suffixes, max)) {
            for (Fingerprint f : http) {
                String cname = t.cnames().stream().filter(f::covers).findFirst().orElse(null);
                if (cname != null) {
                    out.add(new Probe(t, f, cname));
                    break;
                }
            }
        }
        return out;
    }

    /** The request for the probe in the body: GET / on its address, the name as Host, no other header. */
    public void request(Exchange exchange) {
        Probe p = exchange.getMessage().getBody(Probe.class);
        exchange.setProperty(PROBE, p);
        String a = p.target().address();
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_URI, "http://" + (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port + "/");
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader("Host", p.target().name());
        exchange.getMessage().setBody(null);
    }

    /** The page answered: a lead when it holds the fingerprint's text (and status, when set). */
    public Probed judge(Exchange exchange) throws IOException {
        Probe p = exchange.getProperty(PROBE, Probe.class);
        int code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String page = "";
        try (InputStream in = exchange.getMessage().getBody(InputStream.class)) {
            if (in != null) {
                page = new String(in.readNBytes(BODY_MAX), StandardCharsets.UTF_8);
            }
        }
        Fingerprint f = p.fingerprint();
        boolean matched = page.contains(f.httpBody()) && (f.httpStatus() == null || Objects.equals(f.httpStatus(), code));
        return new Probed(p.target(), f.service(), p.cname(), "HTTP " + code, matched);
    }

    /** The page could not be had (refused, timed out): no verdict; a lead found before stays as it was. */
    public Probed failed(Exchange exchange) {
        Probe p = exchange.getProperty(PROBE, Probe.class);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.debug("Takeover probe of {} failed: {}", p.target().name(), e == null ? "unknown" : e.toString());
        return new Probed(p.target(), p.fingerprint().service(), p.cname(), null, false);
    }

    /** The verdicts in the body (the split's), written in one statement. */
    @SuppressWarnings("unchecked")
    public void write(Exchange exchange) throws SQLException {
        List<Probed> verdicts = exchange.getMessage().getBody(List.class);
        if (verdicts == null || verdicts.isEmpty()) {
            return;
        }
        ScanRun run = ScanExchange.run(exchange);
        int current = leads.probed(run.getDomainId(), verdicts);
        LOG.info("Scan {} of {}: {} names probed for takeovers over HTTP, {} leads by their page", run.getId(), run.getDomain(),
                verdicts.size(), current);
    }
}
