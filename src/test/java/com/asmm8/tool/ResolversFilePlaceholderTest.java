package com.asmm8.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tool declared with {resolvers_file} gets the resolver pool's file (ASMM8_RESOLVERS_FILE), as massdns and puredns take it. */
class ResolversFilePlaceholderTest {

    @TempDir
    Path dir;

    private List<ToolDefinition> declared() throws Exception {
        Path tools = dir.resolve("tools.yaml");
        Files.writeString(tools, """
                tools:
                  - name: puredns
                    phase: bruteforce
                    binary: puredns
                    args: [bruteforce, "{wordlist}", "{domain}", [-r, "{resolvers_file}"], -q]
                """);
        return ToolsFile.parse(tools);
    }

    @Test
    void theFileIsPassedWhenSetAndTheGroupDroppedWhenNot() throws Exception {
        ToolDefinition puredns = declared().get(0);
        Path words = dir.resolve("words.txt");
        ToolSettings without = new ToolSettings(words, words, 10, Resolvers.parse(null));
        assertEquals(List.of("bruteforce", words.toAbsolutePath().toString(), "example.com", "-q"),
                new ToolCommand(without).args(puredns, "example.com", dir, dir.resolve("in")));
        Path pool = dir.resolve("resolvers.txt");
        ToolSettings with = new ToolSettings(words, words, 10, Resolvers.parse(null), null, null, 1000, pool);
        assertEquals(List.of("bruteforce", words.toAbsolutePath().toString(), "example.com", "-r", pool.toString(), "-q"),
                new ToolCommand(with).args(puredns, "example.com", dir, dir.resolve("in")));
    }
}
