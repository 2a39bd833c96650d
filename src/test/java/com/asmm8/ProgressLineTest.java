package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanType;
import com.asmm8.scan.ToolReport;
import com.asmm8.tool.OutputParser;
import com.asmm8.tool.Phase;
import com.asmm8.tool.ToolDefinition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line of the one-shot scan: what it says, and when stderr counts as a terminal. */
class ProgressLineTest {

    private static ScanRun running(Phase phase, String tool) {
        ScanRun run = new ScanRun(UUID.randomUUID(), UUID.randomUUID(), "example.test", ScanType.ACTIVE,
                new Timestamp(0), Path.of("/tmp"));
        run.startPhase(phase, true);
        run.startTool(new ToolDefinition(tool, phase, tool, List.of(), OutputParser.lines(), false, Duration.ofSeconds(5),
                null, List.of()));
        return run;
    }

    @Test
    void theEngineBruteForceShowsItsPhaseWordsDoneOfTotalAndNamesFound() {
        ScanRun run = running(Phase.BRUTEFORCE, "asmm8-dns");
        ToolReport t = run.toolReport();
        t.total = 3312L;
        t.done = new AtomicLong(1200);
        t.found = new AtomicLong(5);
        assertEquals("asmm8: bruteforce (asmm8-dns): 1200/3312 words, 5 found", ProgressLine.line(run));
    }

    @Test
    void aToolWithoutCountersShowsTheNamesItReportedSoFar() {
        ScanRun run = running(Phase.PASSIVE, "subfinder");
        run.toolReport().accepted.addAndGet(42);
        assertEquals("asmm8: passive (subfinder): 42 names found", ProgressLine.line(run));
    }

    @Test
    void beforeTheFirstPhaseThereIsNoLine() {
        assertNull(ProgressLine.line(new ScanRun(UUID.randomUUID(), UUID.randomUUID(), "example.test", ScanType.ACTIVE,
                new Timestamp(0), Path.of("/tmp"))));
    }

    @Test
    void theLineIsDrawnOverItselfAndWipedAtTheEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        ScanRun run = running(Phase.PASSIVE, "subfinder");
        line.show(run);
        line.clear();
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("\rasmm8: passive (subfinder): 0 names found"), s);
        assertTrue(s.endsWith("\r"), s);
    }

    @Test
    void onlyATerminalDeviceCountsAsATerminal() {
        assertTrue(ProgressLine.isTerminal("/dev/pts/3"));
        assertTrue(ProgressLine.isTerminal("/dev/tty1"));
        assertFalse(ProgressLine.isTerminal("pipe:[123456]"));
        assertFalse(ProgressLine.isTerminal("/tmp/scan.log"));
        assertFalse(ProgressLine.isTerminal("/dev/null"));
    }
}
