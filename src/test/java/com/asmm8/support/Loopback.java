package com.asmm8.support;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** What the test servers on this machine's loopback addresses share: a free port, their folder's removal. */
final class Loopback {

    private Loopback() {
    }

    /** A port free on {@code address} for both UDP and TCP (a DNS server listens on both). */
    static int freePort(String address) throws IOException {
        InetAddress a = InetAddress.getByName(address);
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket s = new DatagramSocket(0, a); ServerSocket t = new ServerSocket(s.getLocalPort(), 1, a)) {
                return s.getLocalPort();
            } catch (BindException e) {
                // taken for TCP: another one
            }
        }
        throw new IOException("no port free for both UDP and TCP on " + address);
    }

    /**
     * Waits until a DNS server just started answers {@code question} (a name, and a type or not)
     * with {@code expected} in dig's output; fails at once, with its output, if it exits.
     */
    static void awaitAnswer(Process server, Path out, String address, int port, String expected, String... question)
            throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("dig", "@" + address, "-p",
                    Integer.toString(port), "+time=1", "+tries=1"));
            cmd.addAll(java.util.List.of(question));
            Process dig = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String answer = new String(dig.getInputStream().readAllBytes());
            dig.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            if (answer.contains(expected)) {
                return;
            }
            if (!server.isAlive()) {
                throw new IOException("the server exited: " + Files.readString(out));
            }
            Thread.sleep(100);
        }
        throw new IOException("no answer on " + address + ":" + port + ": " + Files.readString(out));
    }

    /** Stops a server's process (then kills it) and removes its folder. */
    static void stop(Process process, Path dir) throws IOException {
        process.destroy();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
