package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.asmm8.scan.ScanType;
import com.asmm8.support.EngineTestSupport;
import com.asmm8.support.Knot;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An external tool that prints addresses feeds the records through its output declaration: the
 * real gobuster (Debian package), declared as config/tools.yaml ships it ({@code -i}, the pattern's
 * {@code addresses} group), brute-forces a zone Knot serves; each name's addresses are stored.
 */
class GobusterRecordsTest extends EngineTestSupport {

    private static Knot knot;

    @BeforeAll
    static void servers() throws Exception {
        knot = new Knot("127.0.0.55", List.of(Knot.Zone.of("gob.test", """
                @ SOA ns1 hostmaster 1 3600 600 86400 300
                @ NS ns1
                ns1 A 127.0.0.55
                www A 10.55.0.1
                www A 10.55.0.2
                mail A 10.55.0.3
                """)));
        String shipped = Files.readString(java.nio.file.Path.of("config/tools.yaml"));
        String args = shipped.lines().filter(l -> l.contains("args: [dns, -d")).findFirst().orElseThrow().strip();
        String output = shipped.lines().filter(l -> l.contains("pattern: '^Found:")).findFirst().orElseThrow().strip();
        Files.writeString(dir.resolve("gobuster-tools.yaml"), """
                tools:
                  - name: gobuster
                    phase: bruteforce
                    binary: gobuster
                    %s
                    %s
                    timeout: 2m
                """.formatted(args, output));
        Files.writeString(dir.resolve("gobuster-words.txt"), "www\nmail\nnothing\n");
    }

    @AfterAll
    static void stop() throws Exception {
        knot.close();
    }

    @Override
    protected String toolsFile() {
        return dir.resolve("gobuster-tools.yaml").toString();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        return engineOn(super.useOverridePropertiesWithPropertiesComponent(), knot.resolver(), "gobuster-words.txt");
    }

    @Test
    void gobustersAddressesAreKeptAsEachNamesRecords() throws Exception {
        scan("gob.test", ScanType.ACTIVE);
        assertEquals(List.of("mail.gob.test", "www.gob.test"), names("gob.test"));
        assertEquals(List.of(List.of("mail.gob.test", "A", "10.55.0.3"), List.of("www.gob.test", "A", "10.55.0.1"),
                List.of("www.gob.test", "A", "10.55.0.2")),
                db.rows("SELECT h.name, r.type, r.value FROM asmm8_record r JOIN cptm8hostname h ON h.id = r.hostnameid "
                        + "WHERE r.current AND h.name LIKE '%.gob.test' ORDER BY 1, 2, 3"));
    }
}
