package com.asmm8.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A dnsmasq (Debian package dnsmasq-base) on its own loopback address (any of 127.0.0.0/8) and a
 * free port, started with the options a test gives: an authoritative-only server
 * ({@code --auth-server}, {@code --auth-zone}: REFUSED outside its zones), a resolver that cannot
 * see a domain ({@code --local}), and so on, as deployed servers are configured.
 */
public final class Dnsmasq implements AutoCloseable {

    private final Path dir;
    private final String address;
    private final int port;
    private final Process process;

    public Dnsmasq(String address, List<String> options) throws IOException, InterruptedException {
        this.address = address;
        dir = Files.createTempDirectory("asmm8-dnsmasq");
        port = Loopback.freePort(address);
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts",
                "--port=" + port, "--listen-address=" + address, "--bind-interfaces", "--pid-file=" + dir.resolve("pid"),
                "--log-facility=" + dir.resolve("log")));
        cmd.addAll(options);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        Loopback.awaitAnswer(process, dir.resolve("out"), address, port, "status:", "probe.invalid"); // up once it answers anything at all (REFUSED included)
    }

    /** {@code address:port}, as ASMM8_RESOLVERS takes it. */
    public String resolver() {
        return address + ":" + port;
    }

    @Override
    public void close() throws IOException {
        Loopback.stop(process, dir);
    }
}
