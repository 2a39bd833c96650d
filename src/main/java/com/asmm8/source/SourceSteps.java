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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code fetch-source} route, for a passive source built into ASMM8: pace and
 * address the request, take a 2xx answer (parsed as it streams into the staged output file the
 * read-output branch follows), retry 429 (its Retry-After honoured), 5xx and unanswered requests
 * with backoff and jitter, and record the source like a tool: status, names, duration, error.
 */
public class SourceSteps {

    private static final Logger LOG = LoggerFactory.getLogger(SourceSteps.class);
    static final String STATE = "asmm8.source";
    /** Loop while true (the route's {@code loop doWhile}). */
    static final String AGAIN = "sourceAgain";
    /** Send the request of this turn of the loop. */
    static final String GO = "sourceGo";

    /** Retry settings. */
    public record Settings(int attempts, long backoffMs, long maxBackoffMs) {
    }

    /** One source run's attempts. */
    static final class State {
        final long start = System.nanoTime();
        final SourceFormat format;
        final String url;
        int attempt;
        long delayMs;
        String failure;
        long names;

        State(SourceFormat format, String url) {
            this.format = format;
            this.url = url;
        }
    }

    private final Settings settings;
    private final HostPacer pacer;
    private final Function<String, Optional<String>> properties;

    /** @param properties the configuration, for {@code asmm8.source.<name>.url} */
    public SourceSteps(Settings settings, HostPacer pacer, Function<String, Optional<String>> properties) {
        this.settings = settings;
        this.pacer = pacer;
        this.properties = properties;
    }

    /** The base URL of a source: configuration, then ASMM8_SOURCE_<NAME>_URL, then tools.yaml, then the source's own. */
    String baseUrl(ToolDefinition tool) {
        String key = tool.name().toUpperCase(Locale.ROOT).replace('-', '_');
        return properties.apply("asmm8.source." + tool.name() + ".url").filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("ASMM8_SOURCE_" + key + "_URL")).filter(s -> !s.isBlank()))
                .or(() -> Optional.ofNullable(tool.url()))
                .orElseGet(() -> SourceFormat.defaultUrl(tool.source()));
    }

    /** The start of one turn of the loop: waits out the backoff and the host's pace, then addresses the request. */
    public void request(Exchange exchange) throws InterruptedException {
        ScanRun run = ScanExchange.logged(exchange);
        ToolDefinition tool = run.getTool();
        State st = exchange.getProperty(STATE, State.class);
        if (st == null) {
            SourceFormat format = SourceFormat.of(tool.source());
            st = new State(format, format.url(baseUrl(tool), run.getDomain()));
            exchange.setProperty(STATE, st);
        }
        exchange.setProperty(GO, false);
        exchange.setProperty(AGAIN, false);
        long until = System.currentTimeMillis() + st.delayMs;
        while (System.currentTimeMillis() < until && run.stopReason() == null) {
            Thread.sleep(Math.min(200, Math.max(1, until - System.currentTimeMillis())));
        }
        if (run.stopReason() != null) {
            st.failure = "not finished: " + run.stopReason();
            return;
        }
        st.attempt++;
        pacer.await(URI.create(st.url).getHost());
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setBody(null);
        m.setHeader(Exchange.HTTP_URI, st.url);
        m.setHeader(Exchange.HTTP_METHOD, "GET");
        m.setHeader("Accept", "application/json, text/plain;q=0.9, */*;q=0.1");
        m.setHeader("User-Agent", "asmm8 (passive subdomain inventory)");
        exchange.setProperty(GO, true);
        LOG.info("Scan {} of {}: source {} asks {} (attempt {})", run.getId(), run.getDomain(), tool.name(), st.url, st.attempt);
    }

    /** An answer came: 2xx is parsed into the staged output; 429 and 5xx are retried; anything else fails the source. */
    public void answered(Exchange exchange) {
        ScanRun run = ScanExchange.run(exchange);
        State st = exchange.getProperty(STATE, State.class);
        Message m = exchange.getMessage();
        int code = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        try (InputStream body = m.getBody(InputStream.class)) {
            if (code >= 200 && code < 300) {
                if (body == null) {
                    throw new SourceAnswerException("the answer has no body");
                }
                try (Writer out = Files.newBufferedWriter(ToolCommand.results(run.getTool(), run.getStaging()),
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    st.names += st.format.parse(body, out);
                }
                st.failure = null;
            } else if (code == 429 || code >= 500) {
                retryOrFail(exchange, st, "HTTP " + code + snippet(body), retryAfterMs(m.getHeader("Retry-After", String.class)));
            } else {
                st.failure = "HTTP " + code + snippet(body);
            }
        } catch (SourceAnswerException e) {
            st.failure = e.getMessage();
        } catch (IOException e) {
            retryOrFail(exchange, st, "reading the answer failed: " + e, 0);
        }
    }

    /** No answer: refused, reset, or the connect or read time-out passed. Retried. */
    public void unanswered(Exchange exchange) {
        State st = exchange.getProperty(STATE, State.class);
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        retryOrFail(exchange, st, "no answer: " + (t == null ? "unknown" : t.getClass().getSimpleName() + ": " + t.getMessage()), 0);
    }

    private void retryOrFail(Exchange exchange, State st, String why, long retryAfterMs) {
        ScanRun run = ScanExchange.run(exchange);
        long backoff = Math.min(settings.maxBackoffMs(), settings.backoffMs() << Math.min(st.attempt - 1, 20));
        long delay = Math.max(retryAfterMs, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
        long elapsedMs = (System.nanoTime() - st.start) / 1_000_000;
        if (st.attempt < settings.attempts() && elapsedMs + delay < run.getTool().timeout().toMillis()) {
            st.delayMs = delay;
            exchange.setProperty(AGAIN, true);
            LOG.warn("Scan {} of {}: source {}: {}; retried in {} ms", run.getId(), run.getDomain(), run.getTool().name(), why,
                    delay);
        } else {
            st.failure = why + " (after " + st.attempt + " attempts)";
        }
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
                LOG.info("Scan {} of {}: source {} answered {} names in {} ms", run.getId(), run.getDomain(),
                        run.getTool().name(), st.names, report.durationMs);
            }
        } finally {
            run.toolEnded().countDown();
        }
    }

    /** Retry-After as seconds or an HTTP date, in ms (0 when absent or unreadable). */
    static long retryAfterMs(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.strip()) * 1000);
        } catch (NumberFormatException e) {
            try {
                return Math.max(0, ZonedDateTime.parse(value.strip(),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
                        - System.currentTimeMillis());
            } catch (DateTimeParseException e2) {
                return 0;
            }
        }
    }

    /** The first 200 characters of an error answer, for the report. */
    private static String snippet(InputStream body) throws IOException {
        if (body == null) {
            return "";
        }
        String s = new String(body.readNBytes(200), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return s.isEmpty() ? "" : ": " + s;
    }
}
