package com.asmm8.dns;

import com.asmm8.tool.Resolvers;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the built-in engine's resolvers come from. The pool: {@code ASMM8_RESOLVERS} and the lines
 * of {@code ASMM8_RESOLVERS_FILE} (one {@code ip[:port]} a line, {@code #} comments; a line that
 * is no IP address is skipped with a log line), else the system's (/etc/resolv.conf). The trusted
 * resolvers that confirm each find: {@code ASMM8_TRUSTED_RESOLVERS}, else the system's when the
 * pool comes from a file (public resolvers lie), else none (the resolvers given are believed). The
 * file is read at each run, so an edited list is used by the next phase without a restart.
 */
public final class ResolverSources {

    private static final Logger LOG = LoggerFactory.getLogger(ResolverSources.class);

    private final Resolvers listed;
    private final Path file;
    private final Resolvers trusted;

    /**
     * @param listed  ASMM8_RESOLVERS
     * @param file    ASMM8_RESOLVERS_FILE, or null
     * @param trusted ASMM8_TRUSTED_RESOLVERS (may be empty)
     */
    public ResolverSources(Resolvers listed, Path file, Resolvers trusted) {
        this.listed = listed;
        this.file = file;
        this.trusted = trusted;
    }

    /** The resolvers the questions spread over. */
    public List<InetSocketAddress> pool() {
        Set<InetSocketAddress> out = new LinkedHashSet<>(addresses(listed));
        if (file != null) {
            out.addAll(addresses(read(file)));
        }
        return out.isEmpty() ? system() : List.copyOf(out);
    }

    /** The resolvers that confirm each find and judge liars; empty when the pool's answers are believed. */
    public List<InetSocketAddress> trusted() {
        if (!trusted.isEmpty()) {
            return addresses(trusted);
        }
        return file != null ? system() : List.of();
    }

    /** The lines of a resolvers file that are IP addresses (a bad line is skipped and logged, never fatal). */
    static Resolvers read(Path file) {
        List<Resolvers.Resolver> out = new ArrayList<>();
        long bad = 0;
        String firstBad = null;
        try (var lines = Files.lines(file)) {
            for (String raw : (Iterable<String>) lines::iterator) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                try {
                    out.addAll(Resolvers.parse(line).list());
                } catch (IllegalArgumentException e) {
                    bad++;
                    firstBad = firstBad == null ? e.getMessage() : firstBad;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("resolvers file " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (bad > 0) {
            LOG.warn("Resolvers file {}: {} lines skipped, not an IP address ({})", file, bad, firstBad);
        }
        return new Resolvers(List.copyOf(out));
    }

    private static List<InetSocketAddress> addresses(Resolvers r) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Resolvers.Resolver x : r.list()) {
            out.add(new InetSocketAddress(x.host(), x.port()));
        }
        return out;
    }

    /** The system's resolvers (/etc/resolv.conf). */
    static List<InetSocketAddress> system() {
        List<InetSocketAddress> out = new ArrayList<>();
        var stream = DnsServerAddressStreamProviders.platformDefault().nameServerAddressStream("");
        for (int i = 0; i < Math.max(1, stream.size()); i++) {
            InetSocketAddress a = stream.next();
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }
}
