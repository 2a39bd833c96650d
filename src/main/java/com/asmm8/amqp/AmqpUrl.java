package com.asmm8.amqp;

import com.asmm8.util.ConfigurationError;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A broker URL read as the Go service (amqp091-go) reads it, so the platform's settings work
 * unchanged: {@code amqp://user:password@host:port/vhost}, where an empty path and a path of
 * {@code /} both mean the default vhost {@code /}, and the vhost is percent-decoded
 * ({@code %2f} is {@code /}). Defaults: guest/guest, port 5672 (5671 for {@code amqps}). The AMQP
 * URI spec, which the Java client follows, reads a trailing {@code /} as the vhost "" instead: the
 * connection is therefore made from these parts, never from the URL.
 */
public record AmqpUrl(boolean tls, String host, int port, String user, String password, String vhost) {

    static final String SETTING = "asmm8.amqp.url (ASMM8_AMQP_URL)";

    public static AmqpUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationError(SETTING + " is empty");
        }
        URI u;
        try {
            u = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new ConfigurationError(SETTING + " is not a URL (" + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
            throw new ConfigurationError(SETTING + " must start with amqp:// or amqps://, not '" + scheme + ":'");
        }
        boolean tls = scheme.equals("amqps");
        String host = u.getHost();
        if (host == null || host.isBlank()) {
            throw new ConfigurationError(SETTING + " names no host (amqp://user:password@host:5672/)");
        }
        int port = u.getPort() < 0 ? (tls ? 5671 : 5672) : u.getPort();
        String user = "guest";
        String password = "guest";
        String info = u.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        String vhost = path.isEmpty() || path.equals("/") ? "/" : decode(path.substring(1));
        return new AmqpUrl(tls, host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port, user, password, vhost);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with the password masked: what logs, readiness and errors show. */
    public String display() {
        String v = vhost.equals("/") ? "" : vhost.replace("/", "%2f");
        return (tls ? "amqps" : "amqp") + "://" + user + ":***@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + v;
    }

    @Override
    public String toString() {
        return display();
    }
}
