package com.asmm8.scan;

import com.asmm8.tool.FollowingInputStream;
import com.asmm8.tool.LineCapInputStream;
import com.asmm8.tool.ToolCommand;
import com.asmm8.tool.ToolDefinition;
import com.asmm8.tool.ToolProcessExecutor.ToolResult;
import com.asmm8.tool.ToolVerdict;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code run-tool} route: prepare the command, judge the exit, and follow the
 * tool's results while it runs. Whatever a tool printed before it failed is read all the same.
 */
public class ToolSteps {

    private static final Logger LOG = LoggerFactory.getLogger(ToolSteps.class);

    /** How long a tool's end waits to see whether the process got the same signal (group-wide Ctrl-C). */
    private static final Duration SIGNAL_RACE = Duration.ofMillis(50);

    private final ToolCommand command;
    private final int maxLine;
    private final ActiveScans active;

    /** @param maxLine the longest output line kept (bytes); longer ones are cut and rejected */
    public ToolSteps(ToolCommand command, int maxLine, ActiveScans active) {
        this.command = command;
        this.maxLine = maxLine;
        this.active = active;
    }

    /** Sets the camel-exec headers for one tool run (the body is the ToolDefinition). */
    public void prepare(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        ToolDefinition tool = exchange.getMessage().getBody(ToolDefinition.class);
        run.startTool(tool);
        exchange.setProperty(ScanExchange.TOOL_START, System.nanoTime());
        exchange.setProperty(ScanExchange.TOOL, tool.name());
        // the built-in DNS engine judges wildcards itself: its names need no second judgement
        exchange.setProperty(ScanExchange.TOOL_IS_ENGINE, tool.isEngine());
        if (tool.isBuiltIn()) {
            return; // fetched over HTTP (fetch-source) or resolved in the daemon (dns-engine): no command
        }
        Path dir = run.getStaging();
        String staged = exchange.getProperty(ScanExchange.INPUT_FILE, String.class);
        Path input = staged != null ? Path.of(staged) : dir.resolve(tool.phase().id() + ".in");
        List<String> args = command.args(tool, run.getDomain(), dir, input);
        command.applyTo(exchange.getMessage(), tool, args, dir);
        LOG.info("Scan {} of {}: running {} {}", run.getId(), run.getDomain(), tool.binary(), args);
    }

    /**
     * Judges a finished tool run (see {@link ToolVerdict}) and releases the output reader, which
     * reads what the tool printed whatever the verdict. A tool that ends while the process shuts
     * down has not finished its work: it and its scan are recorded as interrupted.
     */
    public void exited(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        try {
            ToolDefinition tool = run.getTool();
            ToolReport report = run.toolReport();
            ToolResult result = exchange.getMessage().getBody(ToolResult.class);
            report.durationMs = (System.nanoTime() - exchange.getProperty(ScanExchange.TOOL_START, Long.class)) / 1_000_000;
            report.exit = result.getExitValue();
            if (run.stopReason() == null && active.isShuttingDown(SIGNAL_RACE)) {
                // ended while the process shuts down: possibly by the same signal, so not done
                run.interrupt();
            }
            ToolVerdict verdict = ToolVerdict.of(tool, result, run.stopReason());
            report.exitLabel = verdict.exitLabel();
            if (verdict.failure() == null) {
                if (report.status != StepStatus.FAILED) { // its output reader may have failed it already
                    report.status = StepStatus.OK;
                } else {
                    report.exitLabel = ToolOutcome.FAILED;
                }
            } else {
                report.fail(verdict.failure());
                LOG.warn("Scan {} of {}: tool {} failed: {}", run.getId(), run.getDomain(), tool.name(), report.message);
            }
        } finally {
            run.toolEnded().countDown();
        }
    }

    /** The failure of a tool run that threw instead of returning (should not happen; recorded all the same). */
    public void crashed(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        run.toolReport().fail("could not run " + run.getTool().binary() + ": " + reason(t));
        run.toolEnded().countDown();
    }

    /**
     * The tool's results as a stream that follows the file (stdout, or {@code {output}}) while
     * the tool runs and ends when it has ended, as complete lines of at most {@code maxLine}
     * bytes (progress-bar redraws dropped as they come).
     */
    public InputStream follow(Exchange exchange) {
        ScanRun run = ScanExchange.run(exchange);
        ToolDefinition tool = run.getTool();
        return FollowingInputStream.utf8(new LineCapInputStream(new FollowingInputStream(
                ToolCommand.results(tool, run.getStaging()).toFile(), run.toolEnded(), tool.timeout().toMillis() + 60_000),
                maxLine));
    }

    /** Reading a tool's output failed: the tool is failed with the reason; what was written before stays. */
    public void outputFailed(Exchange exchange) {
        ScanRun run = ScanExchange.logged(exchange);
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String why = reason(t);
        LOG.error("Scan {} of {}: reading the output of {} failed: {}", run.getId(), run.getDomain(), run.getTool().name(), why);
        run.toolReport().fail("reading its output failed: " + why);
    }

    /**
     * What went wrong, as the user needs it: an {@link Error} (out of memory, stack overflow) is
     * carried by Camel inside a {@code CamelExecutionException}, so the innermost cause is named.
     */
    static String reason(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c instanceof Error || c.getMessage() == null ? c.toString() : c.getMessage();
    }
}
