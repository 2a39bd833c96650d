package com.asmm8.source;

import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.StepStatus;
import com.asmm8.scan.ToolOutcome;
import com.asmm8.scan.ToolReport;
import com.asmm8.tool.ToolCommand;
import com.asmm8.tool.ToolDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code fetch-source} route, for a passive source built into ASMM8: address the
 * request, take a 2xx answer (parsed as it streams into the staged output file the read-output
 * branch follows), hand 429 (its Retry-After honoured), 5xx and unanswered requests to the
 * route's {@code onException} to be asked again, and record the source like a tool: status,
 * names, duration, error. The waits are Camel's: the redelivery policy ({@link Settings#redeliveryPolicy})
 * and the route's per-host {@code throttle}.
 */
public class SourceSteps {

    private static final Logger LOG = LoggerFactory.getLogger(SourceSteps.class);
    static final String STATE = "asmm8.source";
    /** The host a request goes to: the key of the route's per-host throttle. */
    static final String HOST = "sourceHost";

    /** Retry settings: requests in all, the first backoff, the longest one (ms). */
    public record Settings(int attempts, long backoffMs, long maxBackoffMs) {

        /** Camel's redelivery for these settings: backoff doubling, with collision avoidance (jitter), capped. */
        public RedeliveryPolicy redeliveryPolicy() {
            RedeliveryPolicy p = new RedeliveryPolicy();
            p.setMaximumRedeliveries(Math.max(0, attempts - 1)); // retrying() decides, with the same count
            p.setRedeliveryDelay(backoffMs);
            p.setUseExponentialBackOff(true);
            p.setBackOffMultiplier(2);
            p.setUseCollisionAvoidance(true);
            p.setMaximumRedeliveryDelay(maxBackoffMs);
            p.setRetryAttemptedLogLevel(LoggingLevel.WARN);
            p.setLogRetryStackTrace(false);
            p.setLogExhausted(false); // ended() logs the reason the source failed
            return p;
        }

        /** The wait after attempt {@code n} as the policy has it, before its jitter. */
        long backoffMs(int n) {
            return Math.min(maxBackoffMs, backoffMs << Math.min(Math.max(n - 1, 0), 20));
        }
    }

    /** One source run's attempts, pages and keys. */
    static final class State {
        final long start = System.nanoTime();
        final SourceFormat format;
        final String base;
        final String domain;
        final KeyTurn keys;
        int attempt;
        int pages;
        String cursor;
        boolean more = true;
        String failure;
        String note;
        long names;

        State(SourceFormat format, String base, String domain, KeyTurn keys) {
            this.format = format;
            this.base = base;
            this.domain = domain;
            this.keys = keys;
        }

        SourceFormat.Request request() {
            return format.request(base, domain, keys == null ? null : keys.current(), cursor);
        }

        long elapsedMs() {
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    /** Exchange property: true while the source has a page to ask (the fetch-source route's loop). */
    static final String MORE = "sourceMore";

    private final Settings settings;
    private final Function<String, Optional<String>> properties;
    private final ProviderKeys providerKeys;
    private final int maxPages;

    /**
     * @param properties   the configuration, for {@code asmm8.source.<name>.url}
     * @param providerKeys the keyed sources' keys (subfinder's provider-config.yaml)
     * @param maxPages     the most pages asked of one source per scan
     */
    public SourceSteps(Settings settings, Function<String, Optional<String>> properties, ProviderKeys providerKeys, int maxPages) {
        this.settings = settings;
        this.properties = properties;
        this.providerKeys = providerKeys;
        this.maxPages = maxPages;
    }

    /**
     * The base URL of a source: the setting asmm8.source.<name>.url (which Camel's properties also
     * read from ASMM8_SOURCE_<NAME>_URL), then tools.yaml, then the source's own.
     */
    String baseUrl(ToolDefinition tool) {
        return properties.apply("asmm8.source." + tool.name() + ".url").filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(tool.url()))
                .orElseGet(() -> SourceFormat.defaultUrl(tool.source()));
    }

    /** The source's first request for this scan, its keys, and its host for the throttle. */
    public void start(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        ToolDefinition tool = run.getTool();
        SourceFormat format = SourceFormat.of(tool.source());
        KeyTurn keys = format.keyName() == null
                ? null
                : new KeyTurn(format.keyName(), providerKeys.of(format.keyName()), providerKeys);
        State st = new State(format, baseUrl(tool), run.getDomain(), keys != null && keys.none() ? null : keys);
        exchange.setProperty(STATE, st);
        exchange.setProperty(HOST, URI.create(st.request().url()).getHost());
        if (keys != null && keys.none() && format.keyRequired()) {
            st.more = false; // nothing to ask without a key: a quiet outcome, not a failure
            st.note = "not asked: no " + format.keyName() + " key in ASMM8_PROVIDER_CONFIG"
                    + (providerKeys.file() == null ? " (not set)" : " (" + providerKeys.file() + ")");
        }
        exchange.setProperty(MORE, st.more);
        exchange.getMessage().setBody(null);
    }

    /** Addresses one attempt's request (after the throttle let it through), unless the scan was stopped. */
    public void request(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        State st = exchange.getProperty(STATE, State.class);
        if (run.stopReason() != null) {
            throw new SourceStoppedException("not finished: " + run.stopReason());
        }
        st.attempt++;
        SourceFormat.Request req = st.request();
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setBody(null);
        m.setHeader(Exchange.HTTP_URI, req.url());
        m.setHeader(Exchange.HTTP_METHOD, req.method());
        m.setBody(req.body());
        m.setHeader("Accept", "application/json, text/plain;q=0.9, */*;q=0.1");
        m.setHeader("User-Agent", "asmm8 (passive subdomain inventory)");
        req.headers().forEach(m::setHeader);
        // the URL may hold a key (sources that take it as a parameter): logged without its query
        LOG.info("Scan {} of {}: source {} asks {}{} (page {}, attempt {})", run.getId(), run.getDomain(), run.getTool().name(),
                URI.create(req.url()).getHost() + URI.create(req.url()).getRawPath(), st.keys == null
                        ? ""
                        : " with " + st.keys.name(
                                st.keys.current()),
                st.pages + 1, st.attempt);
    }

    /**
     * An answer came: 2xx is parsed into the staged output; 429 and 5xx throw {@link SourceRetryException}
     * (a Retry-After becomes the {@code CamelRedeliveryDelay} header the error handler waits out); anything
     * else fails the source.
     */
    public void answered(Exchange exchange) throws SourceRetryException {
        ScanRun run = ScanExchange.run(exchange);
        State st = exchange.getProperty(STATE, State.class);
        Message m = exchange.getIn();
        int code = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String retry = null;
        try (InputStream body = m.getBody(InputStream.class)) {
            if (code >= 200 && code < 300) {
                if (body == null) {
                    throw new SourceAnswerException("the answer has no body");
                }
                try (Writer out = Files.newBufferedWriter(ToolCommand.results(run.getTool(), run.getStaging()),
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    SourceFormat.Page page = st.format.page(body, out, st.domain, st.cursor);
                    st.names += page.names();
                    st.pages++;
                    st.attempt = 0; // each page has its attempts
                    st.cursor = page.next();
                    st.more = page.next() != null && st.pages < maxPages;
                    if (page.next() != null && !st.more) {
                        st.note = "stopped after " + maxPages + " pages (asmm8.source.max-pages)";
                    }
                }
                st.failure = null;
            } else if (st.keys != null && (code == 401 || code == 403)) {
                retry = nextKey(st, "refused (HTTP " + code + ")");
                m.setHeader(Exchange.REDELIVERY_DELAY, 1L);
            } else if (st.keys != null && code == 429
                    && SourceAnswers.retryAfterMs(m.getHeader("Retry-After", String.class)) > QUOTA_WAIT_MS) {
                retry = nextKey(st,
                        "out of quota (HTTP 429, reset in " + SourceAnswers.retryAfterMs(m.getHeader("Retry-After", String.class)) / 1000
                                + " s)");
                m.setHeader(Exchange.REDELIVERY_DELAY, 1L);
            } else if (code == 429 || code >= 500) {
                long retryAfter = SourceAnswers.retryAfterMs(m.getHeader("Retry-After", String.class));
                if (retryAfter > 0) {
                    m.setHeader(Exchange.REDELIVERY_DELAY, retryAfter);
                }
                retry = "HTTP " + code + redact(st, SourceAnswers.snippet(body));
            } else {
                st.failure = "HTTP " + code + redact(st, SourceAnswers.snippet(body));
            }
        } catch (SourceAnswerException e) {
            st.failure = e.getMessage();
        } catch (IOException e) {
            throw new SourceRetryException("reading the answer failed: " + e, e);
        }
        exchange.setProperty(MORE, st.more && st.failure == null);
        if (retry != null) {
            throw new SourceRetryException(retry);
        }
    }

    private static String redact(State st, String text) {
        return st.keys == null ? text : st.keys.redact(text);
    }

    /** A 429 that resets later than this sets its key aside (with another key to use) instead of waiting. */
    static final long QUOTA_WAIT_MS = 60_000;

    /** Sets the key aside; with another left, the request is asked again with it at once; else the source fails. */
    private static String nextKey(State st, String why) {
        if (st.keys.setAside(why)) {
            st.attempt = 0; // the next key has its own attempts
            return "asked again with the next key (" + st.keys.report() + ")";
        }
        st.failure = "every key was set aside: " + st.keys.report();
        st.more = false;
        return null;
    }

    /**
     * The onException's retryWhile: ask again while attempts are left, the scan runs and the wait
     * (a Retry-After, else the policy's backoff) ends within the source's timeout.
     */
    public boolean retrying(Exchange exchange) {
        ScanRun run = ScanExchange.run(exchange);
        State st = exchange.getProperty(STATE, State.class);
        long wait = Math.max(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY, 0L, Long.class), settings.backoffMs(st.attempt));
        // a host the resolver does not know (no network, a filtered resolver) will not be known a
        // few seconds later: the source fails at once, saying so, instead of waiting out its backoff
        for (Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class); t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return false;
            }
        }
        return st.attempt < settings.attempts() && run.stopReason() == null
                && st.elapsedMs() + wait < run.getTool().timeout().toMillis();
    }

    /** No more attempts (or the scan was stopped): the source fails with the last reason. */
    public void gaveUp(Exchange exchange) {
        ScanRun run = ScanExchange.run(exchange);
        State st = exchange.getProperty(STATE, State.class);
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (run.stopReason() != null) {
            st.failure = "not finished: " + run.stopReason();
        } else {
            String why = t instanceof SourceRetryException
                    ? t.getMessage()
                    : "no answer: " + (t == null ? "unknown" : t.getClass().getSimpleName() + ": " + t.getMessage());
            st.failure = why + " (after " + st.attempt + " attempts)";
        }
        exchange.setProperty(MORE, false);
    }

    /** Records the source's outcome like a tool's, and lets the output reader finish. */
    public void ended(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        try {
            State st = exchange.getProperty(STATE, State.class);
            ToolReport report = run.toolReport();
            report.durationMs = st == null ? 0 : (System.nanoTime() - st.start) / 1_000_000;
            if (st == null || st.failure != null) {
                report.fail(st == null ? "not run" : st.failure);
                report.exitLabel = ToolOutcome.FAILED;
                LOG.warn("Scan {} of {}: source {} failed: {}", run.getId(), run.getDomain(), run.getTool().name(), report.message);
            } else {
                report.status = StepStatus.OK;
                report.exitLabel = ToolOutcome.OK;
                String keys = st.keys == null ? "" : st.keys.report();
                report.message = st.note == null && keys.isEmpty()
                        ? null
                        : String.join("; ",
                                java.util.stream.Stream.of(st.note, keys.isEmpty() ? null : "keys set aside: " + keys)
                                        .filter(java.util.Objects::nonNull).toList());
                LOG.info("Scan {} of {}: source {} answered {} names in {} ms", run.getId(), run.getDomain(),
                        run.getTool().name(), st.names, report.durationMs);
            }
        } finally {
            run.toolEnded().countDown();
        }
    }
}
