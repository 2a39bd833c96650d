package com.asmm8.scan;

import com.asmm8.db.DomainRepository;
import com.asmm8.db.DomainRepository.Domain;
import com.asmm8.db.HostnameRepository;
import com.asmm8.db.HostnameRepository.BatchOutcome;
import com.asmm8.db.ScanRunRepository;
import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.scan.ScanRun.PhaseReport;
import com.asmm8.scan.ScanRun.Status;
import com.asmm8.scan.ScanRun.ToolReport;
import com.asmm8.tool.Phase;
import com.asmm8.tool.Resolvers;
import com.asmm8.tool.ToolCatalog;
import com.asmm8.tool.ToolDefinition;
import com.asmm8.tool.ToolProcessExecutor;
import com.asmm8.tool.ToolProcessExecutor.ToolResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.component.exec.ExecBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logic behind the scan routes: each public method is one step a route calls, and all
 * state of a scan lives in the {@link ScanRun} carried by the exchange property {@code scan}.
 */
public class ScanService {

    private static final Logger LOG = LoggerFactory.getLogger(ScanService.class);
    public static final String SCAN = "scan";
    private static final String PERMUTATIONS = "permutations.txt";
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** What the tools get for their placeholders. */
    public record ToolSettings(Path wordlist, Path permutationWords, int threads, Resolvers resolvers) {
    }

    /** The jar (or classes folder) this code runs from, for tools shipped in it ({asmm8_jar}). */
    static final String SELF = selfLocation();

    private static String selfLocation() {
        try {
            return Path.of(ScanService.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            return System.getProperty("java.class.path");
        }
    }

    private final DomainRepository domains;
    private final HostnameRepository hostnames;
    private final ScanRunRepository runs;
    private final ToolCatalog catalog;
    private final ToolProcessExecutor executor;
    private final Staging staging;
    private final ToolSettings settings;
    private com.asmm8.ops.Asmm8Metrics metrics;
    /** Domains waiting in the scan queue or being scanned by this process. */
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final Map<UUID, ScanRun> active = new ConcurrentHashMap<>();
    /** How long the end of a phase waits for its last batches (batch timeout plus a database margin). */
    private final long writeWaitMs;

    public ScanService(DomainRepository domains, HostnameRepository hostnames, ScanRunRepository runs,
                       ToolCatalog catalog, ToolProcessExecutor executor, Staging staging, ToolSettings settings,
                       long batchTimeoutMs) {
        this.writeWaitMs = batchTimeoutMs + 120_000;
        this.domains = domains;
        this.hostnames = hostnames;
        this.runs = runs;
        this.catalog = catalog;
        this.executor = executor;
        this.staging = staging;
        this.settings = settings;
    }

    // ---------------------------------------------------------------- requests

    /**
     * A scan request for a domain, or {@code null} when that domain is already queued or being
     * scanned by this process (the poll then leaves it alone).
     */
    public ScanRequest request(String domain, String type) {
        String seed = HostnameNormalizer.seed(domain);
        if (!claimed.add(seed)) {
            LOG.info("Scan of {} not queued: it is already queued or running", seed);
            return null;
        }
        return new ScanRequest(seed, ScanType.of(type));
    }

    /** Metrics are attached once the registry exists (they are optional: tests may run without). */
    public void setMetrics(com.asmm8.ops.Asmm8Metrics metrics) {
        this.metrics = metrics;
    }

    private <T> T db(String operation, java.util.concurrent.Callable<T> work) throws SQLException, IOException {
        try {
            return metrics == null ? work.call() : metrics.db(operation, work);
        } catch (SQLException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A scheduled scan request: like {@link #request} but a bad stored domain is logged and skipped. */
    public ScanRequest scheduled(String domain, String type) {
        try {
            return request(domain, type);
        } catch (IllegalArgumentException e) {
            LOG.warn("Poll: skipping stored domain: {}", e.getMessage());
            return null;
        }
    }

    /** The outcome of {@link #start}: the run begun, or the id of the run that holds the domain (null while queued). */
    public record Started(ScanRun run, UUID runningId) {
    }

    /**
     * Begins a scan now (scan-run record, staging folder) for a caller that wants its id at once,
     * such as the HTTP API; the run is then handed to the scan queue. When the domain is already
     * queued or running, nothing is begun and the running scan's id is returned.
     */
    public Started start(String domain, ScanType type) throws SQLException, IOException {
        String seed = HostnameNormalizer.seed(domain);
        if (!claimed.add(seed)) {
            Optional<Domain> d = domains.findByName(seed);
            return new Started(null, d.isPresent() ? runs.runningFor(d.get().id()).orElse(null) : null);
        }
        try {
            Domain d = domains.ensure(seed, null);
            ScanRun run = open(d, type);
            if (run == null) {
                claimed.remove(seed);
                return new Started(null, runs.runningFor(d.id()).orElse(null));
            }
            org.slf4j.MDC.remove("scanId"); // the caller's thread (HTTP, JMX) goes on with other work
            return new Started(run, null);
        } catch (SQLException | IOException | RuntimeException e) {
            claimed.remove(seed);
            throw e;
        }
    }

    /**
     * The first step of the scan route. The body is a {@link ScanRequest} (poll, command line) or
     * a {@link ScanRun} already begun by {@link #start}. Adds the domain if absent, writes the
     * scan-run record and creates the staging folder. Returns the run, or {@code null} when the
     * domain already has a running scan (in this or another process).
     */
    public ScanRun begin(Exchange exchange) throws SQLException, IOException {
        Object body = exchange.getMessage().getBody();
        ScanRun run;
        if (body instanceof ScanRun begun) {
            run = begun;
        } else {
            ScanRequest req = exchange.getMessage().getBody(ScanRequest.class);
            if (req == null) {
                throw new IllegalArgumentException("the scan route needs a ScanRequest or a ScanRun, not " + body);
            }
            claimed.add(req.domain());
            try {
                run = open(domains.ensure(req.domain(), null), req.type());
            } catch (SQLException | IOException | RuntimeException e) {
                claimed.remove(req.domain());
                throw e;
            }
            if (run == null) {
                claimed.remove(req.domain());
                return null;
            }
        }
        exchange.setProperty(SCAN, run);
        exchange.setProperty("scanId", run.getId().toString());
        // every log line of this scan carries its id (Camel carries the MDC key across its threads)
        org.slf4j.MDC.put("scanId", run.getId().toString());
        return run;
    }

    private ScanRun open(Domain d, ScanType type) throws SQLException, IOException {
        UUID id = UUID.randomUUID();
        Optional<java.sql.Timestamp> started = runs.begin(id, d.id(), d.name(), type.id());
        if (started.isEmpty()) {
            LOG.warn("Scan of {} not started: scan {} of it is still running", d.name(),
                    runs.runningFor(d.id()).map(UUID::toString).orElse("?"));
            return null;
        }
        ScanRun run = new ScanRun(id, d.id(), d.name(), type, started.get(), staging.create(id));
        active.put(id, run);
        org.slf4j.MDC.put("scanId", id.toString());
        LOG.info("Scan {} of {} ({}) started", id, d.name(), type.id());
        return run;
    }

    // ---------------------------------------------------------------- phases

    /**
     * Starts a phase: stages its input and returns the declared tools of the phase that are
     * installed. A phase with nothing to do, or with no installed tool, is recorded as skipped
     * (naming what to install) and gets an empty list.
     */
    public List<ToolDefinition> startPhase(Exchange exchange) throws SQLException, IOException {
        ScanRun run = logged(exchange);
        Phase phase = Phase.of(exchange.getProperty("phase", String.class));
        PhaseReport report = run.startPhase(phase);
        exchange.setProperty("phaseStart", System.nanoTime());
        progress(run);
        if (run.stopReason() != null) {
            skip(run, report, "not run: " + run.stopReason());
            return List.of();
        }
        List<ToolDefinition> declared = catalog.forPhase(phase);
        List<ToolDefinition> installed = declared.stream().filter(t -> ToolCatalog.locate(t.binary()).isPresent()).toList();
        if (installed.isEmpty()) {
            String what = declared.isEmpty() ? "no tool is declared for it in the tools file"
                    : "no tool for it is installed: install " + String.join(" or ", declared.stream()
                    .map(t -> t.binary() + (t.install() == null ? "" : " (" + t.install() + ")")).toList());
            skip(run, report, what);
            return List.of();
        }
        Path input = stageInput(run, phase);
        if (input != null && Files.size(input) == 0) {
            skip(run, report, phase == Phase.RESOLVE ? "no permutations to resolve" : "no stored hostnames");
            return List.of();
        }
        for (ToolDefinition t : declared) {
            if (!installed.contains(t)) {
                LOG.info("Scan {}: {} is not installed, phase {} runs without it", run.getId(), t.binary(), phase.id());
            }
        }
        LOG.info("Scan {} of {}: phase {} started with {}", run.getId(), run.getDomain(), phase.id(),
                installed.stream().map(ToolDefinition::name).toList());
        return installed;
    }

    private Path stageInput(ScanRun run, Phase phase) throws SQLException, IOException {
        Path in = run.getStaging().resolve(phase.id() + ".in");
        switch (phase) {
            case PERMUTE, CHECK -> db("stage_names", () -> hostnames.writeNames(run.getDomainId(), in));
            case RESOLVE -> {
                Path perms = run.getStaging().resolve(PERMUTATIONS);
                if (!Files.exists(perms)) {
                    Files.createFile(perms);
                }
                return perms;
            }
            default -> {
                return null;
            }
        }
        return in;
    }

    private void skip(ScanRun run, PhaseReport report, String why) throws SQLException {
        report.status = Status.SKIPPED;
        report.message = why;
        LOG.warn("Scan {} of {}: phase {} skipped: {}", run.getId(), run.getDomain(), run.getPhase().id(), why);
        progress(run);
    }

    /** Ends a phase: failed when one of its tools failed; a check that succeeded marks the rest not live. */
    public void endPhase(Exchange exchange) throws SQLException, IOException {
        ScanRun run = logged(exchange);
        PhaseReport report = run.phaseReport(run.getPhase());
        if (!run.awaitSettled(writeWaitMs)) {
            report.status = Status.FAILED;
            report.message = "the database did not take all batches in time";
        } else if (run.writeError() != null && report.status == Status.RUNNING) {
            report.status = Status.FAILED;
            report.message = run.writeError();
        }
        if (report.status == Status.RUNNING) {
            boolean failed = report.tools.values().stream().anyMatch(t -> t.status == Status.FAILED);
            report.status = failed ? Status.FAILED : Status.OK;
            if (run.getPhase() == Phase.CHECK) {
                if (failed) {
                    report.message = "live flags of names that did not answer were left as they were, since the resolver failed";
                } else {
                    run.liveChanged(Phase.CHECK, db("mark_not_live",
                            () -> hostnames.markNotLiveSince(run.getDomainId(), run.getStartedAt())));
                }
            }
        }
        if (metrics != null) {
            report.tools.forEach((name, t) -> metrics.toolRan(name, t.exitLabel,
                    java.time.Duration.ofMillis(t.durationMs == null ? 0 : t.durationMs), t.lines.get(), t.rejected.get()));
        }
        Long t0 = exchange.getProperty("phaseStart", Long.class);
        LOG.info("Scan {} of {}: phase {} {} in {} ms ({} new hostnames, {} live changes, {} lines read)", run.getId(),
                run.getDomain(), run.getPhase().id(), report.status.name().toLowerCase(),
                t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000, report.newHostnames.get(), report.liveChanges.get(),
                report.tools.values().stream().mapToLong(t -> t.lines.get()).sum());
        progress(run);
    }

    // ---------------------------------------------------------------- tools

    /** Sets the camel-exec headers for one tool run: binary, argument list, folder, output file, timeout. */
    public void prepareTool(Exchange exchange) {
        ScanRun run = logged(exchange);
        ToolDefinition tool = exchange.getMessage().getBody(ToolDefinition.class);
        run.startTool(tool);
        Path dir = run.getStaging();
        Map<String, String> values = new HashMap<>();
        values.put("domain", run.getDomain());
        values.put("wordlist", settings.wordlist().toAbsolutePath().toString());
        values.put("threads", Integer.toString(settings.threads()));
        values.put("permutation_words", settings.permutationWords().toAbsolutePath().toString());
        values.put("asmm8_jar", SELF);
        values.put("output", dir.resolve(tool.name() + ".out").toString());
        Path input = dir.resolve(tool.phase().id() + ".in");
        values.put("input", (tool.phase() == Phase.RESOLVE ? dir.resolve(PERMUTATIONS) : input).toString());
        if (!settings.resolvers().isEmpty()) {
            Resolvers.Resolver first = settings.resolvers().list().get(0);
            values.put("resolvers", settings.resolvers().joined());
            values.put("resolver", first.hostPort());
            values.put("resolver_host", first.host());
            values.put("resolver_port", Integer.toString(first.port()));
        }
        List<String> args = ToolCatalog.expand(tool, values);
        var m = exchange.getMessage();
        m.setBody(null);
        m.setHeader(ExecBinding.EXEC_COMMAND_EXECUTABLE,
                ToolCatalog.locate(tool.binary()).map(Path::toString).orElse(tool.binary()));
        m.setHeader(ExecBinding.EXEC_COMMAND_ARGS, args);
        m.setHeader(ExecBinding.EXEC_COMMAND_WORKING_DIR, dir.toString());
        m.setHeader(ExecBinding.EXEC_COMMAND_OUT_FILE, dir.resolve(tool.name() + ".stdout").toString());
        m.setHeader(ExecBinding.EXEC_COMMAND_TIMEOUT, tool.timeout().toMillis());
        exchange.setProperty("toolStart", System.nanoTime());
        LOG.info("Scan {} of {}: running {} {}", run.getId(), run.getDomain(), tool.binary(), args);
    }

    /**
     * Judges a finished tool run: a non-zero exit, a timeout or a failed start marks the tool
     * failed with a readable reason. Whatever the tool printed is read all the same (by the
     * output reader, which this releases).
     */
    public void toolExited(Exchange exchange) {
        ScanRun run = logged(exchange);
        try {
            ToolDefinition tool = run.getTool();
            ToolReport report = run.toolReport();
            ToolResult result = exchange.getMessage().getBody(ToolResult.class);
            report.durationMs = (System.nanoTime() - exchange.getProperty("toolStart", Long.class)) / 1_000_000;
            report.exit = result.getExitValue();
            report.exitLabel = result.getStartError() != null ? "not_started" : result.isTimedOut() ? "timeout"
                    : Integer.toString(result.getExitValue());
            if (result.getStartError() != null) {
                fail(report, tool.binary() + " could not be started: " + result.getStartError()
                        + (tool.install() == null ? "" : " (install: " + tool.install() + ")"));
            } else if (run.stopReason() != null) {
                fail(report, "killed: " + run.stopReason());
            } else if (result.isTimedOut()) {
                fail(report, tool.binary() + " ran longer than its timeout of " + tool.timeout().toSeconds()
                        + " s and was killed with its child processes");
            } else if (result.getExitValue() != 0) {
                String err = tail(result.getStderrFile());
                fail(report, tool.binary() + " exited with status " + result.getExitValue()
                        + (err.isEmpty() ? "" : ": " + err));
            } else {
                report.status = Status.OK;
            }
            if (report.status == Status.FAILED) {
                LOG.warn("Scan {} of {}: tool {} failed: {}", run.getId(), run.getDomain(), tool.name(), report.message);
            }
        } finally {
            run.toolEnded().countDown();
        }
    }

    /**
     * The tool's results as a stream that follows the file (stdout, or {@code {output}}) while
     * the tool runs and ends when it has ended.
     */
    public java.io.InputStream followOutput(Exchange exchange) {
        ScanRun run = run(exchange);
        ToolDefinition tool = run.getTool();
        File out = run.getStaging().resolve(tool.name() + (tool.outputFile() ? ".out" : ".stdout")).toFile();
        return com.asmm8.tool.FollowingInputStream.utf8(
                new com.asmm8.tool.FollowingInputStream(out, run.toolEnded(), tool.timeout().toMillis() + 60_000));
    }

    /** The failure of a tool run that threw instead of returning (should not happen; recorded all the same). */
    public void toolCrashed(Exchange exchange) {
        ScanRun run = logged(exchange);
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        fail(run.toolReport(), "could not run " + run.getTool().binary() + ": " + (t == null ? "unknown error" : t.getMessage()));
        run.toolEnded().countDown();
    }

    /** Reading a tool's output failed: the tool is failed with the reason; what was written before stays. */
    public void outputFailed(Exchange exchange) {
        ScanRun run = logged(exchange);
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String why = t == null ? "unknown error" : (t.getCause() != null ? t.getCause() : t).toString();
        LOG.error("Scan {} of {}: reading the output of {} failed: {}", run.getId(), run.getDomain(), run.getTool().name(), why);
        fail(run.toolReport(), "reading its output failed: " + why);
    }

    private static void fail(ToolReport report, String message) {
        report.status = Status.FAILED;
        report.message = message;
    }

    /** The last line of a tool's stderr (up to 300 characters), cleaned of escape codes. */
    static String tail(File f) {
        if (f == null || !f.exists()) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(f, "r")) {
            long len = raf.length();
            int n = (int) Math.min(len, 2000);
            byte[] buf = new byte[n];
            raf.seek(len - n);
            raf.readFully(buf);
            String s = new String(buf, StandardCharsets.UTF_8);
            String[] lines = s.split("\r?\n|\r");
            for (int i = lines.length - 1; i >= 0; i--) {
                String l = HostnameNormalizer.strip(lines[i]);
                if (!l.isEmpty() && !l.startsWith("at ") && !l.matches("\\.\\.\\. \\d+ more")) {
                    return l.length() > 300 ? l.substring(0, 300) + "..." : l;
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    // ---------------------------------------------------------------- output

    /**
     * One line of a tool's output: the canonical in-scope hostname it names, or {@code null}
     * when it names none, names one out of scope, or one this scan already wrote.
     */
    public String candidate(Exchange exchange, String line) {
        ScanRun run = run(exchange);
        ToolReport report = run.toolReport();
        if (line == null || line.isBlank()) {
            return null;
        }
        report.lines.incrementAndGet();
        String raw = run.getTool().parser().extract(line);
        String name = raw == null ? null : HostnameNormalizer.inScopeCanonical(raw, run.getDomain());
        if (name == null) {
            report.rejected.incrementAndGet();
            return null;
        }
        // permutations are candidates, not findings: they are resolved before anything is written
        if (run.getPhase() != Phase.PERMUTE && !run.firstSighting(name)) {
            return null;
        }
        report.accepted.incrementAndGet();
        run.handedOver();
        return name;
    }

    /** {@link #candidate} as a processor: the cheapest way for a route to call it once per line. */
    public org.apache.camel.Processor candidates() {
        return ex -> ex.getMessage().setBody(candidate(ex, ex.getMessage().getBody(String.class)));
    }

    /** Writes one batch of names where the phase wants it: the inventory, the live flags, or the permutations file. */
    public void writeBatch(Exchange exchange) throws SQLException, IOException {
        ScanRun run = run(exchange);
        List<?> body = exchange.getMessage().getBody(List.class);
        List<String> names = new ArrayList<>(body == null ? 0 : body.size());
        if (body != null) {
            for (Object o : body) {
                if (o != null) {
                    names.add(o.toString());
                }
            }
        }
        if (names.isEmpty()) {
            return;
        }
        Phase phase = run.getPhase();
        String error = null;
        long t0 = System.nanoTime();
        try {
            switch (phase) {
                case PERMUTE -> {
                    synchronized (run) {
                        try (BufferedWriter w = Files.newBufferedWriter(run.getStaging().resolve(PERMUTATIONS),
                                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                            for (String n : names) {
                                w.write(n);
                                w.write('\n');
                            }
                        }
                    }
                }
                case CHECK -> run.counted(phase, db("mark_live", () -> hostnames.markLive(run.getDomainId(), names)));
                default -> {
                    BatchOutcome o = db("upsert", () -> hostnames.upsert(run.getDomainId(), run.getTool().name(), names));
                    run.counted(phase, o);
                    if (metrics != null) {
                        metrics.batchWritten(run.getDomain(), run.getTool().name(), o.names(), o.inserted());
                    }
                }
            }
        } catch (SQLException | IOException | RuntimeException e) {
            error = "writing a batch of " + names.size() + " names failed: " + e.getMessage();
            org.slf4j.MDC.put("scanId", run.getId().toString());
            LOG.error("Scan {} of {}: {}", run.getId(), run.getDomain(), error);
            throw e;
        } finally {
            run.writeNanos.addAndGet(System.nanoTime() - t0);
            run.settled(names.size(), error);
        }
    }

    // ---------------------------------------------------------------- end

    /** Records the outcome of a scan that ran to its end. */
    public ScanRun finish(Exchange exchange) throws SQLException, IOException {
        ScanRun run = logged(exchange);
        awaitWrites(run);
        String status = run.outcome();
        db("scan_run", () -> {
            runs.finish(run.getId(), status, phasesJson(run), run.getHostnamesSeen(), run.getNewHostnames(),
                    run.getLiveChanges(), run.problems());
            return null;
        });
        ended(run, status);
        LOG.info("Scan {} of {} ({}) {}: {} hostnames seen, {} new, {} live changes, {} ms writing batches", run.getId(),
                run.getDomain(), run.getTypeId(), status, run.getHostnamesSeen(), run.getNewHostnames(), run.getLiveChanges(),
                run.writeNanos.get() / 1_000_000);
        return run;
    }

    /** Records a scan that stopped on an unexpected error; what it wrote before stays. */
    public ScanRun crashed(Exchange exchange) {
        ScanRun run = logged(exchange);
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String msg = "scan stopped by an error" + (run.getPhase() == null ? "" : " in phase " + run.getPhase().id())
                + ": " + (t == null ? "unknown" : t.getClass().getSimpleName() + ": " + t.getMessage());
        LOG.error("Scan {} of {}: {}", run.getId(), run.getDomain(), msg, t);
        try {
            awaitWrites(run);
            String problems = run.problems();
            String status = run.isInterrupted() ? "interrupted" : run.isCancelled() ? "cancelled" : "failed";
            runs.finish(run.getId(), status, phasesJson(run), run.getHostnamesSeen(),
                    run.getNewHostnames(), run.getLiveChanges(), problems == null ? msg : msg + "; " + problems);
            ended(run, status);
        } catch (SQLException e) {
            LOG.error("Scan {}: could not record its failure: {}", run.getId(), e.getMessage());
        }
        return run;
    }

    private void ended(ScanRun run, String status) {
        if (metrics != null) {
            metrics.scanEnded(run.getTypeId(), run.getDomain(), status,
                    java.time.Duration.ofNanos(System.nanoTime() - run.startNanos));
        }
    }

    /** The completion hook of the scan route: kills leftover tool processes, removes the staging folder, releases the domain. */
    public void cleanup(Exchange exchange) {
        ScanRun run = exchange.getProperty(SCAN, ScanRun.class);
        if (run == null) {
            return;
        }
        int killed = executor.killAll(run.getStaging().toString());
        if (killed > 0) {
            LOG.warn("Scan {}: killed {} tool processes still running", run.getId(), killed);
        }
        staging.remove(run.getStaging());
        active.remove(run.getId());
        claimed.remove(run.getDomain());
        org.slf4j.MDC.remove("scanId");
    }

    /** Cancels a running scan of this process: its tool processes are killed and the remaining phases skipped. */
    public boolean cancel(UUID id) {
        ScanRun run = active.get(id);
        if (run == null) {
            return false;
        }
        run.cancel();
        executor.killAll(run.getStaging().toString());
        return true;
    }

    /**
     * Shutdown: waits up to {@code grace} for the running scans to end, then interrupts the rest
     * (their tools are killed, their remaining phases skipped, their record says interrupted) and
     * waits up to {@code wind} for them to record that and remove their staging.
     */
    public void shutdown(java.time.Duration grace, java.time.Duration wind) {
        if (active.isEmpty()) {
            return;
        }
        LOG.info("Shutting down: waiting up to {} s for {} running scans", grace.toSeconds(), active.size());
        awaitIdle(grace);
        if (!active.isEmpty()) {
            LOG.warn("Shutting down: interrupting {} scans still running after {} s", active.size(), grace.toSeconds());
            for (ScanRun run : active.values()) {
                run.interrupt();
                executor.killAll(run.getStaging().toString());
            }
            awaitIdle(wind);
        }
        executor.killAll();
    }

    private void awaitIdle(java.time.Duration max) {
        long end = System.nanoTime() + max.toNanos();
        while (!active.isEmpty() && System.nanoTime() < end) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public List<ScanRun> activeRuns() {
        return List.copyOf(active.values());
    }

    private void awaitWrites(ScanRun run) {
        run.awaitSettled(writeWaitMs);
    }

    private void progress(ScanRun run) throws SQLException {
        runs.progress(run.getId(), run.getPhase() == null ? null : run.getPhase().id(), phasesJson(run),
                run.getHostnamesSeen(), run.getNewHostnames(), run.getLiveChanges());
    }

    static String phasesJson(ScanRun run) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<Phase, PhaseReport> e : run.phases().entrySet()) {
            out.put(e.getKey().id(), e.getValue());
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (IOException e) {
            return "{}";
        }
    }

    private static ScanRun run(Exchange exchange) {
        ScanRun run = exchange.getProperty(SCAN, ScanRun.class);
        if (run == null) {
            throw new IllegalStateException("no scan on this exchange");
        }
        return run;
    }

    /** The scan of the exchange, with its id put in the logging MDC of this thread (for the steps that log). */
    private static ScanRun logged(Exchange exchange) {
        ScanRun run = run(exchange);
        org.slf4j.MDC.put("scanId", run.getId().toString());
        return run;
    }
}
