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
 * @param source     for a source built into ASMM8 (HTTP, no binary): its format (see
 *                   {@code com.asmm8.source.SourceFormat}); null for an external binary
 * @param url        a built-in source's base URL (overridden by {@code ASMM8_SOURCE_<NAME>_URL})
 * @param engine     for the DNS engine built into ASMM8 ({@code engine: dns}): its kind; null otherwise
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
        List<String> version,
        String source,
        String url,
        String engine) {

    /** An external binary. */
    public ToolDefinition(String name, Phase phase, String binary, List<Object> args, OutputParser parser,
            boolean outputFile, Duration timeout, String install, List<String> version) {
        this(name, phase, binary, args, parser, outputFile, timeout, install, version, null, null, null);
    }

    /** A built-in passive source. */
    public ToolDefinition(String name, Phase phase, String binary, List<Object> args, OutputParser parser,
            boolean outputFile, Duration timeout, String install, List<String> version, String source,
            String url) {
        this(name, phase, binary, args, parser, outputFile, timeout, install, version, source, url, null);
    }

    /** True for the DNS engine built into ASMM8 (resolves in the daemon, no process). */
    public boolean isEngine() {
        return engine != null;
    }

    /** True for a tool that runs inside the daemon (a built-in source or the DNS engine). */
    public boolean isBuiltIn() {
        return source != null || engine != null;
    }

    /** True for a source built into ASMM8 (fetched over HTTP by the daemon, no process). */
    public boolean isSource() {
        return source != null;
    }
}
