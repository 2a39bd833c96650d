package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ScanType;
import com.asmm8.support.EngineTestSupport;
import com.asmm8.support.Knot;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recursive brute force as shipped (asmm8-recurse in the permute phase, its candidates resolved by
 * the resolve phase): a zone with a sub-zone delegated to its own zone, whose names are found only
 * one level down. The brute force finds the sub-zone's apex and one name below it; the recursion
 * tries the words under that parent and finds the rest. Over its cap it asks nothing and the
 * phase says the estimate.
 */
class RecursiveBruteForceTest extends EngineTestSupport {

    private static Knot knot;

    @BeforeAll
    static void servers() throws Exception {
        knot = new Knot("127.0.0.62", List.of(Knot.Zone.of("deep.test", """
                @ SOA ns1 hostmaster 1 3600 600 86400 300
                @ NS ns1
                ns1 A 127.0.0.62
                www A 10.62.0.1
                dev NS ns1.deep.test.
                """), Knot.Zone.of("dev.deep.test", """
                @ SOA ns1.deep.test. hostmaster 1 3600 600 86400 300
                @ NS ns1.deep.test.
                @ A 10.62.1.1
                old A 10.62.1.2
                api A 10.62.1.3
                ci A 10.62.1.4
                """), Knot.Zone.of("capped.test", """
                @ SOA ns1 hostmaster 1 3600 600 86400 300
                @ NS ns1
                ns1 A 127.0.0.62
                a.b A 10.62.2.1
                c.d A 10.62.2.2
                """)));
        Files.writeString(dir.resolve("deep-words.txt"), "www\ndev\nold.dev\napi\nci\na.b\nc.d\nnothing\n");
        String recurse = Files.readString(java.nio.file.Path.of("config/tools.yaml")).lines()
                .dropWhile(l -> !l.contains("name: asmm8-recurse")).skip(1).takeWhile(l -> !l.isBlank()).reduce("", (a, b) -> a + b + "\n");
        Files.writeString(dir.resolve("deep-tools.yaml"), """
                tools:
                  - name: asmm8-dns
                    phase: bruteforce
                    engine: dns
                    timeout: 2m
                  - name: asmm8-dns-resolve
                    phase: resolve
                    engine: dns
                    timeout: 2m
                  - name: asmm8-recurse
                """ + recurse);
    }

    @AfterAll
    static void stop() throws Exception {
        knot.close();
    }

    @Override
    protected String toolsFile() {
        return dir.resolve("deep-tools.yaml").toString();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        return engineOn(super.useOverridePropertiesWithPropertiesComponent(), knot.resolver(), "deep-words.txt");
    }

    @Test
    void namesFoundOnlyOneLevelDownInADelegatedSubZoneAreFoundByRecursion() throws Exception {
        scan("deep.test", ScanType.ACTIVE);
        assertEquals(List.of("api.dev.deep.test", "ci.dev.deep.test", "dev.deep.test", "old.dev.deep.test", "www.deep.test"),
                names("deep.test"));
        assertEquals(List.of(List.of("api.dev.deep.test", "asmm8-dns-resolve"), List.of("ci.dev.deep.test", "asmm8-dns-resolve")),
                db.rows("SELECT name, array_to_string(sources, ' ') FROM cptm8hostname WHERE name LIKE '%.dev.deep.test' "
                        + "AND NOT ('asmm8-dns' = ANY (sources)) ORDER BY name"),
                "found by the recursion's candidates, not the brute force");
    }

    @Test
    void overItsCapTheRecursionAsksNothingAndThePhaseSaysTheEstimate() throws Exception {
        String capped = Files.readString(dir.resolve("deep-tools.yaml")).replace("-max, \"1000000\"", "-max, \"10\"");
        Files.writeString(dir.resolve("deep-tools.yaml"), capped);
        scan("capped.test", ScanType.ACTIVE);
        JsonNode permute = Json.MAPPER
                .readTree(db.single("SELECT phases::text FROM asmm8_scan_run WHERE domain = ? ORDER BY startedat DESC "
                        + "LIMIT 1", "capped.test"))
                .at("/permute/tools/asmm8-recurse");
        assertEquals("FAILED", permute.at("/status").asText(), permute.toString());
        assertTrue(permute.toString().contains("16 names estimated (2 parents with names below them, 8 words), over the cap of 10"),
                permute.toString());
        assertEquals(List.of("a.b.capped.test", "c.d.capped.test"), names("capped.test"));
    }
}
