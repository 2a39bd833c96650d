package com.asmm8.tool;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * afterwards. The process gets the argument list as is (no shell) and no standard input.
 *
 * <p>Each tool runs in a process group of its own: it is started through util-linux
 * {@code setsid}, which makes a new session and group and then execs the tool, so the pid Java
 * sees is the tool's and the group's id. Its pid and start time are recorded in the staging
 * folder ({@link PidRecord}) while it runs, with this process as the owner. Killing a tool
 * (timeout, cancel, shutdown) kills its whole group, children re-parented after their parent's
 * death included; members still running when the tool ends are killed too. After a kill -9 of
 * this process the record lets the next start find and kill the group. Without setsid (or /proc)
 * the tool runs in this process's group, its tree is killed, and a crash leaves it running.
 * It never throws for a failing tool: the outcome ({@link ToolResult}) is judged by the route.
 */
public class ToolProcessExecutor implements ExecCommandExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ToolProcessExecutor.class);
    private static final long KILL_WAIT_MS = 5000;

    /** util-linux setsid, or null when tools cannot get a group of their own here. */
    private final String setsid;

    /** Running tools by working directory (= the scan's staging folder). */
    private final Map<String, Set<Run>> running = new ConcurrentHashMap<>();

    /** One running tool: the process and, when it has one, its group. */
    private record Run(Process process, ProcessGroup group) {
    }

    public ToolProcessExecutor() {
        this(ToolCatalog.locate("setsid").filter(p -> ProcStat.available()).map(Path::toString).orElse(null));
    }

    /** @param setsid the setsid binary, or null to run tools in this process's group */
    public ToolProcessExecutor(String setsid) {
        this.setsid = setsid;
        if (setsid == null) {
            LOG.warn("setsid (util-linux) or /proc is missing: tools run in this process's group, and a kill -9 of "
                    + "this process leaves them running");
        }
    }

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
        String dir = command.getWorkingDir();
        List<String> line = new ArrayList<>();
        if (setsid != null) {
            // setsid execs the tool: a missing binary would show as its exit status, so say it here
            if (ToolCatalog.locate(command.getExecutable()).isEmpty()) {
                return new ToolResult(command, -1, false, "Cannot run program \"" + command.getExecutable()
                        + "\": no executable file of that name", out, err);
            }
            line.add(setsid);
        }
        line.add(command.getExecutable());
        line.addAll(command.getArgs());
        ProcessBuilder pb = new ProcessBuilder(line)
                .directory(new File(dir))
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(out)
                .redirectError(err);
        pb.environment().put(ProcessGroup.MARKER, dir);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new ToolResult(command, -1, false, e.getMessage(), out, err);
        }
        Run run = started(p, dir);
        Set<Run> set = running.computeIfAbsent(dir, k -> ConcurrentHashMap.newKeySet());
        set.add(run);
        try {
            long timeout = command.getTimeout() > 0 ? command.getTimeout() : Long.MAX_VALUE;
            boolean done = p.waitFor(timeout, TimeUnit.MILLISECONDS);
            if (!done) {
                LOG.warn("{} outlived its timeout of {} ms: killing it and its children", command.getExecutable(), timeout);
                kill(run);
                p.waitFor(KILL_WAIT_MS, TimeUnit.MILLISECONDS);
                return new ToolResult(command, p.isAlive() ? -1 : p.exitValue(), true, null, out, err);
            }
            return new ToolResult(command, p.exitValue(), false, null, out, err);
        } catch (InterruptedException e) {
            kill(run);
            Thread.currentThread().interrupt();
            return new ToolResult(command, -1, false, "interrupted", out, err);
        } finally {
            ended(run, command.getExecutable(), dir);
            set.remove(run);
            running.computeIfPresent(dir, (k, v) -> v.isEmpty() ? null : v);
        }
    }

    /** Records a started tool (pid and start time, in its staging folder) and returns its run. */
    private Run started(Process p, String dir) {
        if (setsid == null) {
            return new Run(p, null);
        }
        long start = ProcStat.startTime(p.pid()).orElse(0L);
        try {
            PidRecord.owner().withTool(p.pid(), start).write(PidRecord.toolFile(Path.of(dir), p.pid()));
        } catch (IOException e) {
            LOG.warn("Could not record tool process {} in {}: {} (a crash now would leave it running)", p.pid(), dir,
                    e.getMessage());
        }
        return new Run(p, new ProcessGroup(p.pid(), start, dir));
    }

    /** A tool has ended: what is left of its group is killed, then its record removed. */
    private void ended(Run run, String executable, String dir) {
        if (run.group() == null) {
            return;
        }
        int left = run.group().kill();
        if (left > 0) {
            LOG.warn("{} ended and left {} processes of its group running: killed them", executable, left);
        }
        try {
            Files.deleteIfExists(PidRecord.toolFile(Path.of(dir), run.process().pid()));
        } catch (IOException e) {
            LOG.warn("Could not remove the record of tool process {}: {}", run.process().pid(), e.getMessage());
        }
    }

    /** Kills a running tool: its whole group, or its process tree when it has no group. */
    private static void kill(Run run) {
        if (run.group() != null) {
            run.group().kill();
        }
        if (run.process().isAlive()) {
            killTree(run.process().toHandle());
        }
    }

    /** Kills every tool process started in this working directory (a scan's staging folder). */
    public int killAll(String workingDir) {
        Set<Run> set = running.get(workingDir);
        int n = 0;
        if (set != null) {
            for (Run run : set) {
                kill(run);
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
     * Asks every running tool's group to stop (SIGTERM), as a terminal's Ctrl-C or hang-up did
     * when tools shared this process's group. Tools without a group of their own got the
     * terminal's signal themselves. Returns how many processes were signalled.
     */
    public int terminateAll() {
        int n = 0;
        for (Set<Run> set : running.values()) {
            for (Run run : set) {
                if (run.group() != null) {
                    n += run.group().terminate();
                }
            }
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
