package com.asmm8.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermuteTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Permute.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path known(int n) throws Exception {
        Path in = dir.resolve("known.txt");
        Files.write(in, IntStream.range(0, n).mapToObj(i -> "host" + i + ".example.com").toList());
        return in;
    }

    private Path words(String... w) throws Exception {
        Path f = dir.resolve("words.txt");
        Files.write(f, List.of(w));
        return f;
    }

    @Test
    void overTheCapNothingIsWrittenAndTheReasonGivesTheEstimateAndTheCap() throws Exception {
        Path o = dir.resolve("out.txt");
        int exit = run("-l", known(1000).toString(), "-w", words("dev", "prod", "api").toString(),
                "-d", "example.com", "-o", o.toString(), "-max", "5000");
        assertEquals(Permute.OVER_CAP, exit);
        assertFalse(Files.exists(o), "nothing generated");
        String reason = err.toString(StandardCharsets.UTF_8);
        assertTrue(reason.contains("23,000 permutations estimated (1,000 known names, 3 words), over the cap of 5,000"
                + " (ASMM8_PERMUTATIONS_MAX)"), reason);
    }

    @Test
    void underTheCapEveryPermutationIsWrittenOnceAndTheEstimateIsAnUpperBound() throws Exception {
        Path o = dir.resolve("out.txt");
        // siblings make the same w.example.com: written once
        int exit = run("-l", known(200).toString(), "-w", words("dev", "prod", "api").toString(),
                "-d", "example.com", "-o", o.toString(), "-max", "5000");
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        List<String> lines = Files.readAllLines(o);
        assertEquals(lines.size(), new HashSet<>(lines).size(), "no repeats");
        for (String p : List.of("dev.example.com", "host7-prod.example.com", "host7.api.example.com",
                "prod.host7.example.com", "host6.example.com")) {
            assertTrue(lines.contains(p), p);
        }
        assertTrue(lines.size() <= 200 * (3 * 7 + 2), lines.size() + " lines");
    }

    @Test
    void estimateOnlyPrintsTheCountAndWritesNothing() throws Exception {
        int exit = run("-l", known(10).toString(), "-w", words("dev").toString(), "-d", "example.com", "-estimate");
        assertEquals(0, exit);
        assertEquals("90", out.toString(StandardCharsets.UTF_8).strip(), "10 names x (7 word patterns + 2 number moves)");
    }

    @Test
    void aBadCapIsAUsageErrorNamingIt() throws Exception {
        int exit = run("-l", known(1).toString(), "-w", words("dev").toString(), "-o", dir.resolve("o").toString(),
                "-max", "lots");
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("-max must be a whole number, not 'lots'"));
    }
}
