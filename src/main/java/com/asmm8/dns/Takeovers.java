package com.asmm8.dns;

import com.asmm8.hostname.Finding;
import com.asmm8.util.ConfigurationError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takeover leads: a name whose CNAME chain ends in a name that does not exist is a lead, named
 * after the service whose suffix a name of the chain lies under (config/takeovers.yaml, read
 * again when it changes). The engine asks the chain's end itself when its resolver stopped at a
 * CNAME (an authoritative server does not follow a CNAME out of its zones). Fingerprints with
 * {@code unclaimed: http} are probed by their page after a check (routes/38-takeovers.yaml).
 */
public final class Takeovers {

    private static final Logger LOG = LoggerFactory.getLogger(Takeovers.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One service: its CNAME suffixes and what an unclaimed resource answers: {@code nxdomain}, or
     * {@code http} (the page's {@code body} holds {@code httpBody}, with {@code httpStatus} when set).
     */
    public record Fingerprint(String service, List<String> cnames, String unclaimed, String httpBody, Integer httpStatus) {
        public boolean http() {
            return "http".equals(unclaimed) && httpBody != null;
        }

        /** True when {@code name} is one of the service's suffixes or under one. */
        public boolean covers(String name) {
            for (String s : cnames) {
                if (name.equals(s) || name.endsWith("." + s)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Path file;
    private volatile List<Fingerprint> fingerprints;
    private volatile FileTime readAt;

    /**
     * @param file the fingerprints file, or null for none (every dangling chain is still a lead,
     *             without a service); a file that cannot be read is a log line, not a failure: the
     *             leads go on without services until it is mended
     */
    public Takeovers(Path file) {
        this.file = file;
        this.readAt = modified();
        List<Fingerprint> fps = List.of();
        if (file != null) {
            try {
                fps = read(file);
            } catch (ConfigurationError e) {
                LOG.error("{}; no takeover fingerprints in use until it is mended (dangling CNAMEs are still leads)", e.getMessage());
            }
        }
        this.fingerprints = fps;
    }

    /** The fingerprints, read again when the file changed since (a broken edit keeps the last good ones, with a log line). */
    public List<Fingerprint> fingerprints() {
        FileTime now = modified();
        if (now != null && !now.equals(readAt)) {
            readAt = now;
            try {
                fingerprints = read(file);
            } catch (ConfigurationError e) {
                LOG.warn("{}; the fingerprints read before stay in use", e.getMessage());
            }
        }
        return fingerprints;
    }

    /** The service the chain points into, or null. */
    public String service(List<String> chain) {
        List<Fingerprint> fps = fingerprints();
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (Fingerprint f : fps) {
                if (f.covers(chain.get(i))) {
                    return f.service();
                }
            }
        }
        return null;
    }

    /**
     * The lead token ({@link Finding}) of a host's answer, or null: its chain ends in NXDOMAIN, as
     * the answer says, or as the chain's end says when it was asked ({@code end}, null when not:
     * the engine asks it when the answer stopped at a CNAME without an address).
     */
    public String lead(DnsAnswer a, DnsAnswer end) {
        if (a == null || a.chain().isEmpty()) {
            return null;
        }
        if (a.dangling() || end != null && end.status() == DnsAnswer.Status.NXDOMAIN) {
            return token(a.chain(), "NXDOMAIN");
        }
        return null;
    }

    private String token(List<String> chain, String rcode) {
        String service = service(chain);
        return Finding.LEAD + " " + (service == null ? "-" : service.replace(' ', '_')) + " " + chain.get(chain.size() - 1) + " "
                + rcode + " " + String.join(",", chain);
    }

    private FileTime modified() {
        try {
            return file == null ? null : Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    static List<Fingerprint> read(Path file) {
        try {
            JsonNode root = YAML.readTree(file.toFile());
            List<Fingerprint> out = new ArrayList<>();
            JsonNode list = root == null ? null : root.get("fingerprints");
            if (list == null || !list.isArray()) {
                throw new ConfigurationError(file + ": no 'fingerprints' list");
            }
            for (JsonNode f : list) {
                String service = f.path("service").asText("").strip();
                List<String> cnames = new ArrayList<>();
                f.path("cnames").forEach(c -> cnames.add(c.asText().strip().toLowerCase(Locale.ROOT).replaceAll("^\\.|\\.$", "")));
                String unclaimed = f.path("unclaimed").asText("nxdomain").strip().toLowerCase(Locale.ROOT);
                String body = f.path("http").path("body").asText("");
                JsonNode status = f.path("http").path("status");
                if (service.isEmpty() || cnames.isEmpty() || !List.of("nxdomain", "http").contains(unclaimed)
                        || unclaimed.equals("http") && body.isEmpty()) {
                    throw new ConfigurationError(file + ": fingerprint " + (out.size() + 1)
                            + " needs a service, one CNAME suffix or more, and unclaimed: nxdomain, or http with http.body");
                }
                out.add(new Fingerprint(service, List.copyOf(cnames), unclaimed, body.isEmpty() ? null : body,
                        status.isInt() ? status.asInt() : null));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new ConfigurationError(file + ": " + e.getMessage(), e);
        }
    }
}
