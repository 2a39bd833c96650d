package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRun;
import com.asmm8.support.FakeSource;
import com.asmm8.support.RoutesTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

/**
 * The route configurations of routes/00-errors.yaml at work: a step of a tool's run that throws
 * (not a tool that fails: the run itself) fails that tool with the reason, through the
 * tool-errors configuration, and the scan goes on with the others' findings kept.
 */
class ToolErrorRoutesTest extends RoutesTestSupport {

    @Override
    protected String toolsFile() {
        return tools("two.yaml", "tools:\n" + FakeSource.tool("first", "passive", "ok", true)
                + FakeSource.tool("second", "passive", "ok", true));
    }

    @Test
    void aToolRunThatThrowsFailsThatToolWithTheReasonAndTheScanGoesOn() throws Exception {
        AdviceWith.adviceWith(context, "exec-tool", a -> a.weaveByToUri("exec:*").before().process(ex -> {
            ScanRun run = ex.getProperty(ScanExchange.SCAN, ScanRun.class);
            if (run.getTool().name().equals("second")) {
                throw new IllegalStateException("the staging disk is gone");
            }
        }));
        String d = "throws.test";
        Exchange done = scanAsync(d).get(60, TimeUnit.SECONDS);
        assertNull(done.getException(), "handled by the route configuration, not thrown to the scan");
        assertEquals(List.of("api." + d, "mail." + d, "www." + d), names(d), "the first tool's names are kept");
        assertEquals("warning", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d));
        JsonNode passive = new ObjectMapper().readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ?", d))
                .at("/passive");
        assertEquals("PARTIAL", passive.at("/status").asText(), passive.toString());
        assertEquals("OK", passive.at("/tools/first/status").asText());
        assertEquals("FAILED", passive.at("/tools/second/status").asText());
        String why = passive.at("/tools/second/message").asText();
        assertTrue(why.startsWith("could not run ") && why.endsWith("the staging disk is gone"), why);
    }

    /** A step of a phase (two routes below the scan) throws: the scan is recorded failed with the reason, its names kept. */
    @Test
    void aPhaseThatThrowsEndsTheScanFailedWithTheReasonAndKeepsItsNames() throws Exception {
        AdviceWith.adviceWith(context, "phase", a -> a.weaveByToUri("direct:run-tool").after().process(ex -> {
            throw new IllegalStateException("the judge fell over");
        }));
        String d = "phase-throws.test";
        Exchange done = scanAsync(d).get(60, TimeUnit.SECONDS);
        assertNull(done.getException(), "handled by the scan's route configuration");
        assertEquals(List.of("api." + d, "mail." + d, "www." + d), names(d), "what the first tool found is kept");
        List<String> run = db.rows("SELECT status, error FROM asmm8_scan_run WHERE domain = ?", d).get(0);
        assertEquals("failed", run.get(0), run.toString());
        assertTrue(run.get(1).startsWith("scan stopped by an error in phase passive: IllegalStateException: the judge fell over"),
                run.get(1));
    }

    /** Ingesting one tool's output throws (a route below the reader): that tool is failed with the reason, the other's names kept. */
    @Test
    void anIngestThatThrowsFailsThatToolAndTheScanGoesOn() throws Exception {
        AdviceWith.adviceWith(context, "ingest", a -> a.weaveAddFirst().process(ex -> {
            ScanRun run = ex.getProperty(ScanExchange.SCAN, ScanRun.class);
            if (run.getTool().name().equals("second")) {
                throw new IllegalStateException("the output is unreadable");
            }
        }));
        String d = "ingest-throws.test";
        Exchange done = scanAsync(d).get(60, TimeUnit.SECONDS);
        assertNull(done.getException());
        assertEquals(List.of("api." + d, "mail." + d, "www." + d), names(d));
        JsonNode passive = new ObjectMapper().readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ?", d))
                .at("/passive");
        assertEquals("FAILED", passive.at("/tools/second/status").asText(), passive.toString());
        assertEquals("reading its output failed: the output is unreadable", passive.at("/tools/second/message").asText());
        assertEquals("warning", db.single("SELECT status FROM asmm8_scan_run WHERE domain = ?", d));
    }
}
