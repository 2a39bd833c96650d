package com.asmm8.tool;

import java.time.Duration;
import java.util.List;

/**
 * One enumeration tool as a user declared it in {@code config/tools.yaml}.
 *
 * @param args    the argument list; an element is either one argument, or a list of arguments
 *                that is passed only when every placeholder in it has a value (for example
 *                {@code ["-r", "{resolvers}"]} when no resolver is configured)
 * @param outputFile true when the tool writes its results to {@code {output}} instead of stdout
 * @param version    arguments that make the tool print its version (for readiness), or empty
 */
public record ToolDefinition(
        String name,
        Phase phase,
        String binary,
        List<Object> args,
        OutputParser parser,
        boolean outputFile,
        Duration timeout,
        String install,
        List<String> version) {
}
