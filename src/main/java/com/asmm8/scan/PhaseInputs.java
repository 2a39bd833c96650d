package com.asmm8.scan;

import com.asmm8.db.HostnameRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * What a phase's tools read ({input}), staged before they run. The phase route chooses the
 * input; an empty input skips the phase. Each method takes and returns the phase's tool list
 * (the body), empty when the phase was skipped.
 */
public class PhaseInputs {

    private final HostnameRepository hostnames;
    private final PhaseSteps phases;
    private final ScanMetrics metrics;

    public PhaseInputs(HostnameRepository hostnames, PhaseSteps phases, ScanMetrics metrics) {
        this.hostnames = hostnames;
        this.phases = phases;
        this.metrics = metrics;
    }

    /** Every stored hostname of the domain, one per line (permutation and check phases). */
    public List<?> storedNames(Exchange exchange) throws SQLException, IOException {
        List<?> tools = exchange.getMessage().getBody(List.class);
        if (tools == null || tools.isEmpty()) {
            return List.of();
        }
        ScanRun run = ScanExchange.logged(exchange);
        Path in = run.getStaging().resolve(run.getPhase().id() + ".in");
        metrics.db("stage_names", () -> hostnames.writeNames(run.getDomainId(), in));
        return staged(exchange, run, in, "no stored hostnames", tools);
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
        if (Files.size(file) == 0) {
            phases.skip(run, whenEmpty);
            return List.of();
        }
        exchange.setProperty(ScanExchange.INPUT_FILE, file.toString());
        return tools;
    }
}
