package com.asmm8.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.tool.OutputParser;
import com.asmm8.tool.Phase;
import com.asmm8.tool.ToolDefinition;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * An Error (out of memory, stack overflow) in a tool's branch ends the tool as failed, with the
 * Error named: Camel carries it inside an exception, so the routes' catch of Exception sees it.
 */
class ToolErrorsTest {

    @Test
    void anErrorWhileReadingAToolsOutputFailsTheToolNamingTheError() throws Exception {
        ScanRun run = new ScanRun(UUID.randomUUID(), UUID.randomUUID(), "example.com", ScanType.PASSIVE, new Timestamp(0),
                Path.of("/nonexistent"));
        run.startPhase(Phase.PASSIVE, true);
        ToolReport report = run.startTool(new ToolDefinition("reader", Phase.PASSIVE, "reader", List.of(),
                OutputParser.lines(), false, Duration.ofSeconds(5), null, List.of()));
        ToolSteps steps = new ToolSteps(null, 65536, null);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:read").doTry()
                            .bean(new Object() {
                                @SuppressWarnings("unused")
                                public void read() {
                                    throw new OutOfMemoryError("Java heap space");
                                }
                            }, "read")
                            .doCatch(Exception.class).bean(steps, "outputFailed")
                            .end();
                }
            });
            camel.start();
            Exchange done = camel.createProducerTemplate().send("direct:read", e -> e.setProperty(ScanExchange.SCAN, run));
            assertEquals(null, done.getException(), "caught by the route's catch of Exception");
        }
        assertEquals(StepStatus.FAILED, report.status);
        assertTrue(report.message.contains("java.lang.OutOfMemoryError: Java heap space"), report.message);
    }
}
