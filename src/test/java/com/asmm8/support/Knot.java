package com.asmm8.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Knot DNS (Debian package knot), an authoritative-only server as companies run them, on its own
 * loopback address and a free port: REFUSED for every name outside its zones, zone transfers to
 * 127.0.0.0/8 where a zone allows them, and Knot's automatic DNSSEC signing (NSEC or NSEC3) where
 * a zone asks for it.
 */
public final class Knot implements AutoCloseable {

    /**
     * One zone: its name, its zone file's records (relative to the origin), whether 127.0.0.0/8 may
     * transfer it, and its signing: null (none), {@code nsec} or {@code nsec3}.
     */
    public record Zone(String name, String records, boolean transfer, String signing) {
        public static Zone of(String name, String records) {
            return new Zone(name, records, false, null);
        }
    }

    private final Path dir;
    private final String address;
    private final int port;
    private final Process process;

    public Knot(String address, List<Zone> zones) throws IOException, InterruptedException {
        this(address, Loopback.freePort(address), zones);
    }

    /** On a given port: 53, where the daemon asks authoritative servers (as root: a test machine's CI). */
    public Knot(String address, int port, List<Zone> zones) throws IOException, InterruptedException {
        this.address = address;
        dir = Files.createTempDirectory("asmm8-knot");
        Files.createDirectories(dir.resolve("db"));
        this.port = port;
        StringBuilder conf = new StringBuilder("""
                server:
                    rundir: "%1$s"
                    listen: %2$s@%3$d
                database:
                    storage: "%1$s/db"
                log:
                  - target: stderr
                    any: warning
                acl:
                  - id: transfer
                    address: 127.0.0.0/8
                    action: transfer
                policy:
                  - id: nsec
                    nsec3: off
                  - id: nsec3
                    nsec3: on
                zone:
                """.formatted(dir, address, port));
        for (Zone z : zones) {
            Path file = zoneFile(z);
            conf.append("  - domain: ").append(z.name()).append("\n    file: \"").append(file).append("\"\n");
            if (z.transfer()) {
                conf.append("    acl: transfer\n");
            }
            if (z.signing() != null) {
                conf.append("    dnssec-signing: on\n    dnssec-policy: ").append(z.signing()).append('\n');
            }
        }
        Files.writeString(dir.resolve("knot.conf"), conf);
        process = new ProcessBuilder("/usr/sbin/knotd", "-c", dir.resolve("knot.conf").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out").toFile()).start();
        Loopback.awaitAnswer(process, dir.resolve("out"), address, port, "status: NOERROR", zones.get(0).name(), "SOA"); // up once its first zone answers its SOA
    }

    private Path zoneFile(Zone z) throws IOException {
        Path file = dir.resolve(z.name() + ".zone");
        Files.writeString(file, "$ORIGIN " + z.name() + ".\n$TTL 300\n" + z.records());
        return file;
    }

    /**
     * Serves new records for zones it serves (their SOA serial raised), once Knot has loaded them
     * ({@code knotc zone-reload}, blocking), then waits until {@code name} answers {@code expected}.
     */
    public void reload(List<Zone> zones, String name, String expected) throws IOException, InterruptedException {
        for (Zone z : zones) {
            zoneFile(z);
        }
        Process knotc = new ProcessBuilder("/usr/sbin/knotc", "-c", dir.resolve("knot.conf").toString(), "-b", "zone-reload")
                .redirectErrorStream(true).redirectOutput(dir.resolve("knotc.out").toFile()).start();
        if (!knotc.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || knotc.exitValue() != 0) {
            throw new IOException("knotc zone-reload failed: " + Files.readString(dir.resolve("knotc.out")));
        }
        Loopback.awaitAnswer(process, dir.resolve("out"), address, port, expected, name, "A");
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
