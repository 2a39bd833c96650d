package com.asmm8.tool;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DNS resolvers handed to tools, parsed from {@code ASMM8_RESOLVERS}: a comma-separated list
 * of {@code ip}, {@code ip:port} or {@code [ipv6]:port}. Only IP literals are accepted, so a
 * resolver never depends on another lookup and never smuggles anything into an argument.
 */
public record Resolvers(List<Resolver> list) {

    public record Resolver(String host, int port) {
        /** {@code host:port}, with IPv6 in brackets. */
        public String hostPort() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private static final Pattern V4 = Pattern
            .compile("((?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})(?::(\\d{1,5}))?");
    private static final Pattern V6 = Pattern.compile("\\[([0-9a-fA-F:.]+)](?::(\\d{1,5}))?|([0-9a-fA-F]*:[0-9a-fA-F:.]*)");

    public static Resolvers parse(String spec) {
        List<Resolver> out = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return new Resolvers(List.of());
        }
        for (String raw : spec.split(",")) {
            String s = raw.trim();
            if (s.isEmpty()) {
                continue;
            }
            Matcher m4 = V4.matcher(s);
            Matcher m6 = V6.matcher(s);
            if (m4.matches()) {
                out.add(new Resolver(m4.group(1), port(m4.group(2), s)));
            } else if (m6.matches() && isIpv6(m6.group(1) != null ? m6.group(1) : m6.group(3))) {
                out.add(new Resolver(m6.group(1) != null ? m6.group(1) : m6.group(3), port(m6.group(2), s)));
            } else {
                throw new IllegalArgumentException("resolver '" + s + "' is not an IP address, IP:port or [IPv6]:port");
            }
        }
        return new Resolvers(List.copyOf(out));
    }

    /**
     * A valid IPv6 literal? InetAddress parses a string with a colon as an IPv6 literal only (it
     * never looks such a string up in DNS) and refuses malformed ones.
     */
    private static boolean isIpv6(String literal) {
        if (literal.indexOf(':') < 0) {
            return false;
        }
        try {
            return InetAddress.getByName("[" + literal + "]") instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int port(String p, String s) {
        if (p == null) {
            return 53;
        }
        int v = Integer.parseInt(p);
        if (v < 1 || v > 65535) {
            throw new IllegalArgumentException("resolver '" + s + "' has a port out of range");
        }
        return v;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** {@code ip:port,ip:port}, as dnsx's {@code -r} takes it. */
    public String joined() {
        return String.join(",", list.stream().map(Resolver::hostPort).toList());
    }
}
