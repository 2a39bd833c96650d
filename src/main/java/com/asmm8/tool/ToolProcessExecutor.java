package com.asmm8.tool;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.exec.ExecCommand;
import org.apache.camel.component.exec.ExecCommandExecutor;
import org.apache.camel.component.exec.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camel-exec command executor of every tool. Unlike camel-exec's default one it never holds
 * a tool's output in memory: stdout goes straight into the staged file named by the
 * {@code CamelExecCommandOutFile} header and stderr beside it ({@code .stderr}), to be streamed
 * afterwards. The process gets the argument list as is (no shell), no standard input, and on
 * timeout it and all its descendants are killed. It never throws for a failing tool: the
 * outcome ({@link ToolResult}) is judged by the route.
 */
public class ToolProcessExecutor implements ExecCommandExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ToolProcessExecutor.class);
    private static final long KILL_WAIT_MS = 5000;

    /** Running processes by working directory (= the scan's staging folder). */
    private final Map<String, Set<Process>> running = new ConcurrentHashMap<>();

    /** The outcome of one tool run. */
    public static class ToolResult extends ExecResult {
        private final boolean timedOut;
        private final String startError;
        private final File stdoutFile;
        private final File stderrFile;

        ToolResult(ExecCommand command, int exit, boolean timedOut, String startError, File stdoutFile, File stderrFile) {
            super(command, null, null, exit);
            this.timedOut = timedOut;
            this.startError = startError;
            this.stdoutFile = stdoutFile;
            this.stderrFile = stderrFile;
        }

        public boolean isTimedOut() {
            return timedOut;
        }

        /** Why the process could not start (binary missing, not executable), or null. */
        public String getStartError() {
            return startError;
        }

        public File getStdoutFile() {
            return stdoutFile;
        }

        public File getStderrFile() {
            return stderrFile;
        }
    }

    @Override
    public ExecResult execute(ExecCommand command) throws IOException {
        if (command.getOutFile() == null || command.getWorkingDir() == null) {
            throw new IllegalArgumentException("a tool run needs a staged output file and a working directory");
        }
        File out = command.getOutFile();
        File err = new File(out.getPath() + ".stderr");
        List<String> line = new ArrayList<>();
        line.add(command.getExecutable());
        line.addAll(command.getArgs());
        ProcessBuilder pb = new ProcessBuilder(line)
                .directory(new File(command.getWorkingDir()))
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(out)
                .redirectError(err);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new ToolResult(command, -1, false, e.getMessage(), out, err);
        }
        Set<Process> set = running.computeIfAbsent(command.getWorkingDir(), k -> ConcurrentHashMap.newKeySet());
        set.add(p);
        try {
            long timeout = command.getTimeout() > 0 ? command.getTimeout() : Long.MAX_VALUE;
            boolean done = p.waitFor(timeout, TimeUnit.MILLISECONDS);
            if (!done) {
                LOG.warn("{} outlived its timeout of {} ms: killing it and its children", command.getExecutable(), timeout);
                killTree(p.toHandle());
                p.waitFor(KILL_WAIT_MS, TimeUnit.MILLISECONDS);
                return new ToolResult(command, p.isAlive() ? -1 : p.exitValue(), true, null, out, err);
            }
            return new ToolResult(command, p.exitValue(), false, null, out, err);
        } catch (InterruptedException e) {
            killTree(p.toHandle());
            Thread.currentThread().interrupt();
            return new ToolResult(command, -1, false, "interrupted", out, err);
        } finally {
            set.remove(p);
            running.computeIfPresent(command.getWorkingDir(), (k, v) -> v.isEmpty() ? null : v);
        }
    }

    /** Kills every tool process started in this working directory (a scan's staging folder). */
    public int killAll(String workingDir) {
        Set<Process> set = running.get(workingDir);
        int n = 0;
        if (set != null) {
            for (Process p : set) {
                killTree(p.toHandle());
                n++;
            }
        }
        return n;
    }

    /** Kills every running tool process (shutdown). */
    public int killAll() {
        int n = 0;
        for (String dir : running.keySet()) {
            n += killAll(dir);
        }
        return n;
    }

    /**
     * Kills a process and all its descendants. The tree is listed first (a dead parent's children
     * are re-parented and could not be found), then the parent dies first, so it cannot react to a
     * child's death (a shell would run its next command), then the children.
     */
    public static void killTree(ProcessHandle h) {
        List<ProcessHandle> tree = new ArrayList<>();
        h.descendants().forEach(tree::add);
        h.destroyForcibly();
        for (ProcessHandle d : tree) {
            d.destroyForcibly();
        }
    }
}
