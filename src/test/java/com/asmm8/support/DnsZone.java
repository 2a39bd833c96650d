package com.asmm8.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server on 127.0.0.1 for tests: dnsmasq (Debian package dnsmasq-base) serving a
 * generated hosts file as an authoritative-like local zone on a free port. Names outside the hosts
 * file get NXDOMAIN. {@link #reload(Map)} swaps the records (SIGHUP) without a restart.
 */
public final class DnsZone implements AutoCloseable {

    private final Path dir;
    private final Path hosts;
    private final int port;
    private final Process process;

    public DnsZone(String zone, Map<String, String> records) throws IOException, InterruptedException {
        this(zone, records, List.of());
    }

    /**
     * @param extra more dnsmasq options, e.g. {@code --address=/wild.zone/10.9.9.9} (a wildcard:
     *              the name and every name under it answer that address, except names of the hosts
     *              file, which keep their own)
     */
    public DnsZone(String zone, Map<String, String> records, List<String> extra) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("asmm8-dns");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        hosts = dir.resolve("hosts");
        write(records);
        port = freeUdpPort();
        List<String> cmd = new ArrayList<>(List.of(dnsmasq(), "--keep-in-foreground", "--no-resolv", "--no-hosts",
                "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--addn-hosts=" + hosts,
                "--local=/" + zone + "/", "--local=/invalid/", // names under invalid. are NXDOMAIN (RFC 6761), as a real resolver says
                "--pid-file=" + dir.resolve("pid"), "--log-facility=" + dir.resolve("log")));
        cmd.addAll(extra);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        // wait until it answers
        for (int i = 0; i < 100; i++) {
            Process dig = new ProcessBuilder("dig", "@127.0.0.1", "-p", Integer.toString(port), "+time=1", "+tries=1",
                    "+short", "probe." + zone).redirectErrorStream(true).start();
            String out = new String(dig.getInputStream().readAllBytes());
            dig.waitFor(5, TimeUnit.SECONDS);
            if (!out.contains("timed out") && !out.contains("refused") && dig.exitValue() == 0) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("dnsmasq exited: " + Files.readString(dir.resolve("out")));
            }
            Thread.sleep(100);
        }
        throw new IOException("dnsmasq did not answer on port " + port);
    }

    private static String dnsmasq() {
        for (String p : List.of("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return "dnsmasq";
    }

    private void write(Map<String, String> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        records.forEach((name, ip) -> sb.append(ip).append(' ').append(name).append('\n'));
        Path tmp = dir.resolve("hosts.tmp");
        Files.writeString(tmp, sb.toString());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, hosts, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Replaces the records and makes dnsmasq read them again. */
    public void reload(Map<String, String> records) throws IOException, InterruptedException {
        write(records);
        new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        Thread.sleep(300);
    }

    /** {@code 127.0.0.1:port}, as ASMM8_RESOLVERS takes it. */
    public String resolver() {
        return "127.0.0.1:" + port;
    }

    /** A port free for UDP and for TCP (dnsmasq listens on both). */
    private static int freeUdpPort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                    java.net.ServerSocket t = new java.net.ServerSocket(s.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (java.net.BindException e) {
                // taken for TCP: another one
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
