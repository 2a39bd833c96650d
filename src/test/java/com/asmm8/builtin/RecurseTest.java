package com.asmm8.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parents of a recursive brute force: every name between the domain and a known name, no
 * deeper than the depth allows; out-of-scope and broken lines give none.
 */
class RecurseTest {

    @TempDir
    Path dir;

    @Test
    void everyAncestorBelowTheDomainWithinTheDepthIsAParentOnce() throws Exception {
        Path known = Files.writeString(dir.resolve("known.txt"),
                "www.corp.test\napi.dev.corp.test\nci.dev.corp.test\nx.y.z.w.corp.test\nother.test\nbad..name.corp.test\n");
        assertEquals(Set.of("dev.corp.test", "w.corp.test", "z.w.corp.test"), Recurse.parents(known, "corp.test", 3));
        assertEquals(Set.of("dev.corp.test", "w.corp.test"), Recurse.parents(known, "corp.test", 2));
    }

    @Test
    void theCandidatesAreEachTopWordUnderEachParent() throws Exception {
        Path known = Files.writeString(dir.resolve("known.txt"), "old.dev.corp.test\n");
        Path words = Files.writeString(dir.resolve("words.txt"), "api\nci\n# a comment\nlast\n");
        Path out = dir.resolve("out.txt");
        assertEquals(0, Recurse.run(new String[]{"-d", "corp.test", "-l", known.toString(), "-w", words.toString(), "-o", out.toString(),
                "-top", "2"}, System.err));
        assertEquals(List.of("api.dev.corp.test", "ci.dev.corp.test"), Files.readAllLines(out));
    }
}
