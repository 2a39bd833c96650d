package com.asmm8.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanType;
import com.asmm8.scan.ToolReport;
import com.asmm8.tool.OutputParser;
import com.asmm8.tool.Phase;
import com.asmm8.tool.ToolDefinition;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Lines become hostnames once per scan; permutations are candidates and are never deduplicated away. */
class CandidateFilterTest {

    private static ToolDefinition tool(Phase phase) {
        return new ToolDefinition("t", phase, "t", List.of(), OutputParser.lines(), false, Duration.ofSeconds(5), null, List.of());
    }

    private static ScanRun run() {
        return new ScanRun(UUID.randomUUID(), UUID.randomUUID(), "example.com", ScanType.ACTIVE,
                new Timestamp(0), Path.of("/nonexistent"));
    }

    @Test
    void findingsAreHandedOverOnceAndCountedInTheToolsReport() {
        ScanRun run = run();
        run.startPhase(Phase.BRUTEFORCE, true);
        ToolReport report = run.startTool(tool(Phase.BRUTEFORCE));
        assertEquals("www.example.com", CandidateFilter.candidate(run, "WWW.Example.com."));
        assertNull(CandidateFilter.candidate(run, "www.example.com"), "seen already in this scan");
        assertNull(CandidateFilter.candidate(run, "www.example.org"), "out of scope");
        assertNull(CandidateFilter.candidate(run, "   "), "blank lines are not counted");
        assertEquals(3, report.lines.get());
        assertEquals(1, report.accepted.get());
        assertEquals(1, report.rejected.get());
        assertEquals(0, run.getHostnamesSeen(), "a name counts as seen once its batch is written, not when handed over");
    }

    @Test
    void permutationsAreNotDeduplicatedAgainstFindings() {
        ScanRun run = run();
        run.startPhase(Phase.BRUTEFORCE, true);
        run.startTool(tool(Phase.BRUTEFORCE));
        assertEquals("dev.example.com", CandidateFilter.candidate(run, "dev.example.com"));
        run.startPhase(Phase.PERMUTE, false);
        run.startTool(tool(Phase.PERMUTE));
        assertEquals("dev.example.com", CandidateFilter.candidate(run, "dev.example.com"),
                "a permutation equal to a known name is still a candidate to resolve");
        assertEquals("dev.example.com", CandidateFilter.candidate(run, "dev.example.com"));
        assertEquals(2, run.toolReport().lines.get());
        assertEquals(2, run.toolReport().accepted.get(), "every permutation is a candidate, even a repeated one");
    }

    @Test
    void aNameSeenBeforeWithoutItsAnswersPassesAgainWhenItComesWithThem() {
        ScanRun run = run();
        run.startPhase(Phase.ZONE, true);
        run.startTool(tool(Phase.ZONE));
        assertEquals("www.example.com", CandidateFilter.candidate(run, "www.example.com"), "a zone transfer names it first");
        run.startPhase(Phase.BRUTEFORCE, true);
        run.startTool(tool(Phase.BRUTEFORCE));
        assertEquals("www.example.com\tA 192.0.2.1\tCNAME -", CandidateFilter.candidate(run, "www.example.com\tA 192.0.2.1\tCNAME -"),
                "the brute force's answers for it still reach the records");
        assertNull(CandidateFilter.candidate(run, "www.example.com"), "a plain repeat is still dropped");
        assertNull(CandidateFilter.candidate(run, "www.example.com\tA 192.0.2.1\tCNAME -"), "its answers are handed over once");
    }
}
