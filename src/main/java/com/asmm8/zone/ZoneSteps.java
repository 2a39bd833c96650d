package com.asmm8.zone;

import com.asmm8.dns.ResolverSources;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.StepStatus;
import com.asmm8.scan.ToolOutcome;
import com.asmm8.scan.ToolReport;
import com.asmm8.tool.ToolCommand;
import com.asmm8.tool.ToolDefinition;
import com.asmm8.zone.ZoneServers.Server;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step of the zone routes (routes/37-zone.yaml): the zone phase's engines, {@code engine: axfr}
 * (a zone transfer from the domain's authoritative servers) and {@code engine: nsec} (an NSEC walk
 * of a signed zone). The names go to the staged output file the read-output branch follows, so
 * they are cleaned, scoped and written like any tool's; the run is recorded like a tool's. A
 * refused transfer and an unsigned zone are normal outcomes (the tool is ok, its message says
 * why nothing came); only a domain whose servers cannot be found or asked fails the tool.
 */
public class ZoneSteps {

    private static final Logger LOG = LoggerFactory.getLogger(ZoneSteps.class);

    private final ResolverSources resolvers;
    private final int port;
    private final Duration timeout;
    private final int nsecMaxQuestions;

    /**
     * @param port             the port the authoritative servers are asked on (53)
     * @param timeout          the wait for one answer (and for a transfer's next message)
     * @param nsecMaxQuestions the most questions of one NSEC walk
     */
    public ZoneSteps(ResolverSources resolvers, int port, Duration timeout, int nsecMaxQuestions) {
        this.resolvers = resolvers;
        this.port = port;
        this.timeout = timeout;
        this.nsecMaxQuestions = nsecMaxQuestions;
    }

    /** Runs the zone engine of the current tool; never throws past the report. */
    public void run(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        ToolDefinition tool = run.getTool();
        ToolReport report = run.toolReport();
        long start = System.nanoTime();
        AtomicLong found = new AtomicLong();
        report.found = found;
        long deadline = start + tool.timeout().toNanos();
        try (Writer w = Files.newBufferedWriter(ToolCommand.results(tool, run.getStaging()), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            List<Server> servers = new ZoneServers(resolvers.pool(), port, timeout).of(run.getDomain());
            String message;
            if (servers.isEmpty()) {
                message = "no NS records for " + run.getDomain() + ": no authoritative server to ask";
            } else if ("axfr".equals(tool.engine())) {
                List<ZoneTransfer.Attempt> attempts = new ZoneTransfer(timeout).run(run.getDomain(), servers, w, found);
                boolean got = attempts.stream().anyMatch(ZoneTransfer.Attempt::transferred);
                message = (got ? "zone transfer: " : "no server gave the zone: ") + attempts;
            } else {
                List<InetSocketAddress> addresses = servers.stream().flatMap(s -> s.addresses().stream()).toList();
                NsecWalk.Outcome o = new NsecWalk(timeout, nsecMaxQuestions).run(run.getDomain(), addresses, w, found,
                        () -> run.stopReason() != null || System.nanoTime() > deadline);
                message = o.why() + ": " + o.names() + " names in " + o.questions() + " questions";
            }
            if (run.stopReason() != null) {
                report.fail("not finished: " + run.stopReason());
                report.exitLabel = ToolOutcome.INTERRUPTED;
            } else {
                report.status = StepStatus.OK;
                report.exitLabel = ToolOutcome.OK;
                report.message = message;
            }
            LOG.info("Scan {} of {}: {} {}", run.getId(), run.getDomain(), tool.name(), message);
        } catch (IOException | RuntimeException e) {
            report.fail(tool.name() + " failed: " + e.getMessage());
            report.exitLabel = ToolOutcome.FAILED;
            LOG.warn("Scan {} of {}: {} failed: {}", run.getId(), run.getDomain(), tool.name(), e.toString());
        } finally {
            report.durationMs = (System.nanoTime() - start) / 1_000_000;
            run.toolEnded().countDown();
        }
    }
}
