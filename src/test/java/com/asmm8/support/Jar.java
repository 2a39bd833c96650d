package com.asmm8.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code target/asmm8.jar} as a user would, with a bounded wait. */
public final class Jar {

    /** What one run printed and returned. */
    public record Result(int exit, String stdout, String stderr) {
        public List<String> lines() {
            return stdout.isBlank() ? List.of() : List.of(stdout.strip().split("\n"));
        }
    }

    private Jar() {
    }

    public static Result run(Map<String, String> env, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return runWithHeap("512m", env, timeoutSeconds, args);
    }

    /** {@link #run} with the JVM's maximum heap ({@code -Xmx}) given. */
    public static Result runWithHeap(String xmx, Map<String, String> env, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Path jar = Path.of("target", "asmm8.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("target/asmm8.jar is missing: run `mvn package` (the ITs run after it)");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return runCommand(cmd, env, timeoutSeconds);
    }

    /**
     * {@link #run} with stdout and stderr on a terminal of their own (a pseudo-terminal made by
     * util-linux {@code script}), as a user at a shell sees them; the result's stdout holds both.
     */
    public static Result runOnTerminal(Map<String, String> env, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Path jar = Path.of("target", "asmm8.jar").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        StringBuilder line = new StringBuilder();
        for (String c : cmd) {
            line.append(" '").append(c.replace("'", "'\\''")).append('\'');
        }
        return runCommand(List.of("script", "-q", "-e", "-c", line.toString().strip(), "/dev/null"), env, timeoutSeconds);
    }

    private static Result runCommand(List<String> cmd, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        File out = File.createTempFile("asmm8-out", ".txt");
        File err = File.createTempFile("asmm8-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().keySet().removeIf(k -> k.startsWith("ASMM8_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not end within " + timeoutSeconds
                        + " s; stderr:\n" + Files.readString(err.toPath()));
            }
            return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
