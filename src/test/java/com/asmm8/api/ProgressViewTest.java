package com.asmm8.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress of a scan another daemon runs, read from the per-phase report it stored. */
class ProgressViewTest {

    // as the DNS engine stores it every 2 s (ScanProgress.phasesJson of a running brute force)
    private static final String RUNNING = """
            {"passive": {"tools": {"subfinder": {"status": "OK", "lines": 12, "accepted": 10}}, "status": "OK"},
             "bruteforce": {"tools": {"asmm8-dns": {"done": 1200, "found": 7, "lines": 7, "total": 3000, "status": "RUNNING",
                                                    "accepted": 7, "rejected": 0}}, "status": "RUNNING"}}
            """;

    @Test
    void theRunningToolOfTheCurrentPhaseWithItsCounters() {
        assertEquals(Map.of("tool", "asmm8-dns", "phase", "bruteforce", "done", 1200L, "total", 3000L, "unit", "words",
                "found", 7L), ProgressView.stored("bruteforce", RUNNING));
    }

    @Test
    void theDnsEnginesProgressShowsItsHealthyResolvers() {
        String pool = RUNNING.replace("\"accepted\": 7,",
                "\"accepted\": 7, \"resolvers\": {\"total\": 20, \"healthy\": 14, \"dropped\": 5},");
        assertEquals(Map.of("healthy", 14L, "total", 20L), ProgressView.stored("bruteforce", pool).get("resolvers"));
    }

    @Test
    void aToolThatDoesNotCountHasNoTotalAndItsAcceptedNamesAsFound() {
        String passive = "{\"passive\": {\"tools\": {\"subfinder\": {\"status\": \"RUNNING\", \"lines\": 40, \"accepted\": 31}}}}";
        Map<String, Object> p = ProgressView.stored("passive", passive);
        assertEquals("subfinder", p.get("tool"));
        assertNull(p.get("done"));
        assertNull(p.get("total"));
        assertEquals("names", p.get("unit"));
        assertEquals(31L, p.get("found"));
    }

    @Test
    void nothingWhenNoToolRunsOrNothingIsStored() {
        assertNull(ProgressView.stored("passive", RUNNING), "the passive phase's tool ended");
        assertNull(ProgressView.stored(null, RUNNING));
        assertNull(ProgressView.stored("bruteforce", null));
        assertNull(ProgressView.stored("bruteforce", "{not json"));
    }
}
