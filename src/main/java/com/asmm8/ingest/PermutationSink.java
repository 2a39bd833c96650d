package com.asmm8.ingest;

import com.asmm8.scan.ScanRun;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Permutations are candidates, not findings: they are staged for the resolve phase, never stored. */
public class PermutationSink extends BatchSink {

    public PermutationSink() {
        super(null); // a local file: nothing to wait for
    }

    @Override
    public String kind() {
        return "permutations";
    }

    @Override
    protected void write(ScanRun run, String tool, List<String> names) throws IOException {
        synchronized (run) {
            try (BufferedWriter w = Files.newBufferedWriter(run.permutationsFile(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (String n : names) {
                    w.write(n);
                    w.write('\n');
                }
            }
        }
    }
}
