package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanType;
import com.asmm8.support.RoutesTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** Duplicates printed by a tool are dropped before they reach the database. */
class ScanDedupeTest extends RoutesTestSupport {

    @Override
    protected String toolsFile() {
        return super.toolsFile().replace("tools.yaml", "dupes.yaml");
    }

    @Test
    void duplicatesAreDroppedWithinAScan() throws Exception {
        String d = "dupes.test";
        Exchange done = template.send("direct:scan", ex -> ex.getMessage().setBody(new ScanRequest(d, ScanType.PASSIVE)));
        assertEquals(null, done.getException());
        // 200 lines naming 7 distinct hostnames
        JsonNode tool = new ObjectMapper().readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ?", d))
                .at("/passive/tools/dupes");
        assertEquals(200, tool.get("lines").asInt());
        assertEquals(7, tool.get("accepted").asInt());
        assertEquals(0, tool.get("rejected").asInt());
        assertEquals("7", db.single("SELECT count(*) FROM cptm8hostname"));
        assertEquals("7", db.single("SELECT newhostnames FROM asmm8_scan_run WHERE domain = ?", d));
    }

}
