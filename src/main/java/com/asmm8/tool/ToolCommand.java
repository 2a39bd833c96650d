package com.asmm8.tool;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Message;
import org.apache.camel.component.exec.ExecBinding;

/**
 * Builds one tool run's command for camel-exec: the binary, the argument list with the
 * placeholders of {@code config/tools.yaml} filled in (never a shell line), the working folder,
 * the output file and the timeout.
 */
public class ToolCommand {

    /** The jar (or classes folder) this code runs from, for tools shipped in it ({asmm8_jar}). */
    static final String SELF = selfLocation();

    private final ToolSettings settings;

    public ToolCommand(ToolSettings settings) {
        this.settings = settings;
    }

    private static String selfLocation() {
        try {
            return Path.of(ToolCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            return System.getProperty("java.class.path");
        }
    }

    /** The argument list of {@code tool} for a scan of {@code domain} staged in {@code dir}, reading {@code input}. */
    public List<String> args(ToolDefinition tool, String domain, Path dir, Path input) {
        Map<String, String> values = new HashMap<>();
        values.put("domain", domain);
        values.put("wordlist", settings.wordlist().toAbsolutePath().toString());
        values.put("threads", Integer.toString(settings.threads()));
        values.put("permutation_words", settings.permutationWords().toAbsolutePath().toString());
        values.put("permutations_max", Long.toString(settings.permutationsMax()));
        values.put("asmm8_jar", SELF);
        values.put("output", dir.resolve(tool.name() + ".out").toString());
        values.put("input", input.toString());
        if (settings.subfinderConfig() != null) {
            values.put("subfinder_config", settings.subfinderConfig());
        }
        if (settings.subfinderProviders() != null) {
            values.put("subfinder_providers", settings.subfinderProviders());
        }
        if (settings.resolversFile() != null) {
            values.put("resolvers_file", settings.resolversFile().toString()); // a pool, as massdns, puredns and dnsx -r take it
        }
        if (!settings.resolvers().isEmpty()) {
            Resolvers.Resolver first = settings.resolvers().list().get(0);
            values.put("resolvers", settings.resolvers().joined());
            values.put("resolver", first.hostPort());
            values.put("resolver_host", first.host());
            values.put("resolver_port", Integer.toString(first.port()));
        }
        return ToolCatalog.expand(tool, values);
    }

    /** Sets the camel-exec headers of one run (the body is cleared: the tool reads no stdin). */
    public void applyTo(Message m, ToolDefinition tool, List<String> args, Path dir) {
        m.setBody(null);
        m.setHeader(ExecBinding.EXEC_COMMAND_EXECUTABLE,
                ToolCatalog.locate(tool.binary()).map(Path::toString).orElse(tool.binary()));
        m.setHeader(ExecBinding.EXEC_COMMAND_ARGS, args);
        m.setHeader(ExecBinding.EXEC_COMMAND_WORKING_DIR, dir.toString());
        m.setHeader(ExecBinding.EXEC_COMMAND_OUT_FILE, stdout(tool, dir).toString());
        m.setHeader(ExecBinding.EXEC_COMMAND_TIMEOUT, tool.timeout().toMillis());
    }

    /** The file the tool's results are read from: its {output} file, or its staged stdout. */
    public static Path results(ToolDefinition tool, Path dir) {
        return tool.outputFile() ? dir.resolve(tool.name() + ".out") : stdout(tool, dir);
    }

    private static Path stdout(ToolDefinition tool, Path dir) {
        return dir.resolve(tool.name() + ".stdout");
    }
}
