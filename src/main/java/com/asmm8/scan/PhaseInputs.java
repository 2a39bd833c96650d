package com.asmm8.scan;

import com.asmm8.db.HostnameRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * What a phase's tools read ({input}), staged before they run. The phase route chooses the
 * input; an empty input skips the phase. Each method takes and returns the phase's tool list
 * (the body), empty when the phase was skipped.
 */
public class PhaseInputs {

    private static final String STAGE_START = "stageStart";

    private final HostnameRepository hostnames;
    private final PhaseSteps phases;
    private final ScanMetrics metrics;

    public PhaseInputs(HostnameRepository hostnames, PhaseSteps phases, ScanMetrics metrics) {
        this.hostnames = hostnames;
        this.phases = phases;
        this.metrics = metrics;
    }

    /** Every stored hostname of the domain, one per line, as a stream for the file: endpoint (permutation and check phases). */
    public InputStream storedNameLines(Exchange exchange) throws SQLException {
        exchange.setProperty(STAGE_START, System.nanoTime());
        return hostnames.storedNames(ScanExchange.run(exchange).getDomainId());
    }

    /** The stored names are staged in {@code <phase>.in}: the phase's tools (the body), or none when there are no names. */
    public List<?> storedNames(Exchange exchange) throws SQLException, IOException {
        List<?> tools = exchange.getMessage().getBody(List.class);
        ScanRun run = ScanExchange.logged(exchange);
        metrics.db("stage_names", Duration.ofNanos(System.nanoTime() - exchange.getProperty(STAGE_START, Long.class)));
        return staged(exchange, run, run.getStaging().resolve(run.getPhase().id() + ".in"), "no stored hostnames", tools);
    }

    /** The permutations staged by the permutation phase (resolve phase). */
    public List<?> permutations(Exchange exchange) throws SQLException, IOException {
        List<?> tools = exchange.getMessage().getBody(List.class);
        if (tools == null || tools.isEmpty()) {
            return List.of();
        }
        ScanRun run = ScanExchange.logged(exchange);
        Path perms = run.permutationsFile();
        if (!Files.exists(perms)) {
            Files.createFile(perms);
        }
        return staged(exchange, run, perms, "no permutations to resolve", tools);
    }

    private List<?> staged(Exchange exchange, ScanRun run, Path file, String whenEmpty, List<?> tools)
            throws SQLException, IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            phases.skip(run, whenEmpty);
            return List.of();
        }
        exchange.setProperty(ScanExchange.INPUT_FILE, file.toString());
        return tools;
    }
}
