package com.asmm8.dns;

import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanProgress;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.StepStatus;
import com.asmm8.scan.ToolOutcome;
import com.asmm8.scan.ToolReport;
import com.asmm8.tool.Phase;
import com.asmm8.tool.ToolCommand;
import com.asmm8.tool.ToolDefinition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step of the {@code dns-engine} route: runs the built-in DNS engine ({@code engine: dns} in
 * config/tools.yaml) as the tool of a bruteforce, resolve or check phase. The names it finds go
 * to the staged output file that the read-output branch follows, so they are cleaned, scoped and
 * written like any tool's; the run is recorded like a tool's (status, names, duration, error),
 * with its progress (names done of total, found, wildcard answers) in the tool's report.
 */
public class EngineSteps {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSteps.class);

    private final DnsEngine engine;
    private final ResolverSources resolvers;
    private final Path wordlist;
    private final ScanProgress progress;
    private final ScanMetrics metrics;
    private final BruteResume resume;
    private final WildcardFilter wildcardFilter;

    public EngineSteps(DnsEngine engine, ResolverSources resolvers, Path wordlist, ScanProgress progress, ScanMetrics metrics,
            BruteResume resume, WildcardFilter wildcardFilter) {
        this.metrics = metrics;
        this.resume = resume;
        this.wildcardFilter = wildcardFilter;
        this.engine = engine;
        this.resolvers = resolvers;
        this.wordlist = wordlist;
        this.progress = progress;
    }

    /** Runs the engine for the current tool of the scan; never throws past the report. */
    public void run(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        ToolDefinition tool = run.getTool();
        ToolReport report = run.toolReport();
        long start = System.nanoTime();
        DnsEngine.Counters counters = new DnsEngine.Counters();
        try {
            boolean brute = tool.phase() == Phase.BRUTEFORCE;
            String staged = exchange.getProperty(ScanExchange.INPUT_FILE, String.class);
            Path input = brute ? wordlist : Path.of(staged);
            report.total = countLines(input);
            report.done = counters.done;
            BruteResume.Start from = brute ? resume.start(run, tool.name(), input) : null;
            if (from != null) {
                counters.resumeAfter = from.after();
                report.checkpoint = from.after() > 0 ? resume.point(from, counters.watermark) : null;
            }
            report.found = counters.found;
            long deadline = start + tool.timeout().toNanos();
            Path out = ToolCommand.results(tool, run.getStaging());
            try (BufferedReader names = lenient(input);
                    Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND)) {
                List<InetSocketAddress> trusted = resolvers.trusted();
                DnsEngine.Result r = engine.run(resolvers.pool(), trusted, wildcardFilter.wildcards(run), run.getDomain(), names,
                        brute ? run.getDomain() : null, w, counters,
                        () -> run.stopReason() != null || System.nanoTime() > deadline, c -> {
                            if (from != null) {
                                report.checkpoint = resume.point(from, c.watermark);
                            }
                            tick(run, report, c);
                        });
                report.wildcards = r.wildcardParents().isEmpty() ? null : r.wildcardParents();
                report.resolvers = r.pool().report();
                metrics.dnsResolvers(report.resolvers);
                String summary = (from == null ? "" : from.note()) + (counters.done.get() - counters.resumed.get()) + " names asked, "
                        + counters.found.get() + " found, "
                        + counters.wildcard.get() + " wildcard answers dropped, " + counters.unresolved.get()
                        + " unanswered, " + r.queries() + " queries (" + r.retries() + " retries) to " + resolversUsed(r)
                        + (trusted.isEmpty()
                                ? ""
                                : "; " + counters.unconfirmed.get() + " not confirmed by the trusted resolvers "
                                        + trusted.stream().map(DnsEngine::hostPort).toList())
                        + skipped(counters);
                if (run.stopReason() != null) {
                    report.fail("not finished: " + run.stopReason());
                    report.exitLabel = ToolOutcome.INTERRUPTED;
                } else if (System.nanoTime() > deadline && counters.done.get() < report.total) {
                    // a brute force that ran out of time resumes at the next scan
                    report.fail("timed out after " + tool.timeout().toSeconds() + " s: " + summary);
                    report.exitLabel = ToolOutcome.TIMEOUT;
                } else {
                    report.status = StepStatus.OK;
                    report.exitLabel = ToolOutcome.OK;
                    report.message = summary;
                }
                LOG.info("Scan {} of {}: {} {}", run.getId(), run.getDomain(), tool.name(), summary);
            }
        } catch (DnsEngine.NoResolverException e) {
            report.fail(e.getMessage());
            report.exitLabel = ToolOutcome.NO_RESOLVER;
            LOG.warn("Scan {} of {}: {} failed: {}", run.getId(), run.getDomain(), tool.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.fail("interrupted");
            report.exitLabel = ToolOutcome.INTERRUPTED;
        } catch (IOException | RuntimeException e) {
            report.fail("the DNS engine failed: " + e);
            report.exitLabel = ToolOutcome.FAILED;
            LOG.error("Scan {} of {}: {} failed", run.getId(), run.getDomain(), tool.name(), e);
        } finally {
            report.durationMs = (System.nanoTime() - start) / 1_000_000;
            run.toolEnded().countDown();
        }
    }

    /** The resolvers answering, by address for a few, counted for a pool. */
    static String resolversUsed(DnsEngine.Result r) {
        int dropped = r.pool().size() - r.resolvers().size();
        if (r.pool().size() <= 5) {
            return r.resolvers().stream().map(DnsEngine::hostPort).toList().toString() + (dropped > 0 ? " (" + dropped + " dropped)" : "");
        }
        return r.resolvers().size() + " of " + r.pool().size() + " resolvers (" + dropped + " dropped)";
    }

    /** The wordlist lines that were no DNS name, with the first line numbers; empty when none. */
    static String skipped(DnsEngine.Counters c) {
        long n = c.skipped.get();
        if (n == 0) {
            return "";
        }
        List<Long> lines;
        synchronized (c.skippedLines) {
            lines = List.copyOf(c.skippedLines);
        }
        return "; " + n + " input lines skipped, not a DNS name (line" + (lines.size() > 1 ? "s " : " ")
                + lines.stream().map(String::valueOf).collect(Collectors.joining(", ")) + (n > lines.size() ? ", ..." : "") + ")";
    }

    private void tick(ScanRun run, ToolReport report, DnsEngine.Counters c) {
        ResolverPool pool = c.pool;
        if (pool != null) {
            report.resolvers = pool.report(); // the progress shows the healthy resolvers
        }
        try {
            progress.record(run);
        } catch (Exception e) {
            LOG.debug("progress of scan {} not recorded: {}", run.getId(), e.toString());
        }
    }

    private static long countLines(Path file) throws IOException {
        try (BufferedReader r = lenient(file)) {
            return r.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        }
    }

    /** A UTF-8 reader that turns bytes that are no UTF-8 into U+FFFD (such a line is then skipped), not an error. */
    private static BufferedReader lenient(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), 64 * 1024);
    }
}
