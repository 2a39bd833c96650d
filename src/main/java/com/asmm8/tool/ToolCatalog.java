package com.asmm8.tool;

import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.util.ConfigurationError;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool declarations of {@code config/tools.yaml}. The file is read again whenever it changed
 * (checked when a scan asks for its tools), so an edit applies to the next scan without a
 * restart; a file that fails to parse or validate is refused with a log line and the last good
 * declarations stay in force.
 */
public class ToolCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCatalog.class);

    private final Path file;
    private long loadedMtime = Long.MIN_VALUE;
    private List<ToolDefinition> tools = List.of();

    public ToolCatalog(Path file) {
        this.file = file;
    }

    /** Loads the file; throws when the very first load fails (the daemon must not start blind). */
    public synchronized void init() {
        try {
            tools = ToolsFile.parse(file);
        } catch (RuntimeException e) {
            throw new ConfigurationError("asmm8.tools.file (ASMM8_TOOLS): " + e.getMessage(), e);
        }
        loadedMtime = mtime();
        LOG.info("Loaded {} tool declarations from {}", tools.size(), file);
    }

    /** The declarations in force, re-read first when the file changed on disk. */
    public synchronized List<ToolDefinition> tools() {
        long m = mtime();
        if (m != loadedMtime) {
            try {
                tools = ToolsFile.parse(file);
                LOG.info("Reloaded {} tool declarations from {}", tools.size(), file);
            } catch (RuntimeException e) {
                LOG.error("Refused {}: {} (keeping the {} declarations loaded before)", file, e.getMessage(), tools.size());
            }
            loadedMtime = m;
        }
        return tools;
    }

    public List<ToolDefinition> forPhase(Phase phase) {
        List<ToolDefinition> out = new ArrayList<>();
        for (ToolDefinition t : tools()) {
            if (t.phase() == phase) {
                out.add(t);
            }
        }
        return out;
    }

    private long mtime() {
        try {
            return Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The first line a tool prints for its version arguments (run once, at most 5 s, no shell),
     * or null when it has none or does not answer.
     */
    public static String version(ToolDefinition t, Path binary) {
        if (t.version().isEmpty()) {
            return null;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(t.version());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            try (var r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String l = HostnameNormalizer.strip(line);
                    if (!l.isEmpty()) {
                        return l.length() > 120 ? l.substring(0, 120) : l;
                    }
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** True when the tool can run here: a built-in source always, a binary when {@link #locate} finds it. */
    public static boolean isInstalled(ToolDefinition t) {
        return t.isBuiltIn() || locate(t.binary()).isPresent();
    }

    /** Where a binary lives: an absolute path that is executable, or the first match on PATH. */
    public static Optional<Path> locate(String binary) {
        if (binary.contains(File.separator)) {
            Path p = Path.of(binary);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, binary);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Expands a declaration's arguments. A plain argument with a placeholder that has no value is
     * an error; an optional group is dropped when any of its placeholders has no value.
     */
    public static List<String> expand(ToolDefinition tool, Map<String, String> values) {
        List<String> out = new ArrayList<>();
        for (Object arg : tool.args()) {
            if (arg instanceof List<?> group) {
                List<String> expanded = new ArrayList<>();
                boolean complete = true;
                for (Object g : group) {
                    String e = substitute((String) g, values);
                    if (e == null) {
                        complete = false;
                        break;
                    }
                    expanded.add(e);
                }
                if (complete) {
                    out.addAll(expanded);
                }
            } else {
                String e = substitute((String) arg, values);
                if (e == null) {
                    throw new IllegalArgumentException("tool " + tool.name() + ": no value for an argument of '" + arg + "'");
                }
                out.add(e);
            }
        }
        return out;
    }

    private static String substitute(String template, Map<String, String> values) {
        Matcher m = ToolsFile.PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null || v.isEmpty()) {
                return null;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
