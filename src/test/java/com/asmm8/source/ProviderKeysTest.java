package com.asmm8.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * subfinder's provider-config.yaml read as subfinder reads it: a list of keys per source, a
 * single key as a plain value, {@code $NAME} from the environment, blank keys left out; each run
 * starts at the next key; an edit is picked up; a missing file means no keys.
 */
class ProviderKeysTest {

    @TempDir
    Path dir;

    @Test
    void keysAreReadAsSubfinderWritesThemAndEachRunStartsAtTheNext() throws Exception {
        Path f = Files.writeString(dir.resolve("provider-config.yaml"), """
                virustotal:
                  - one
                  - two
                  - ""
                shodan: single
                github: [$HOME, $ASMM8_NO_SUCH_VARIABLE]
                bevigil: []
                """);
        ProviderKeys keys = new ProviderKeys(f);
        assertEquals(List.of("one", "two"), keys.of("virustotal"));
        assertEquals(List.of("two", "one"), keys.of("virustotal"), "the next run starts at the next key");
        assertEquals(List.of("single"), keys.of("shodan"));
        assertEquals(List.of(System.getenv("HOME")), keys.of("github"));
        assertEquals(List.of(), keys.of("bevigil"));
        assertEquals(List.of(), keys.of("censys"));
        assertEquals(2, keys.place("virustotal", "two"));
        Files.writeString(f, "virustotal: [three]\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(List.of("three"), keys.of("virustotal"));
        assertEquals(List.of(), new ProviderKeys(dir.resolve("missing.yaml")).of("virustotal"));
        assertEquals(List.of(), new ProviderKeys(null).of("virustotal"));
    }
}
