package com.asmm8.zone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A domain's authoritative servers, as its resolvers say: the NS records of the domain, and each
 * server's addresses (A, AAAA), asked of the scan's resolvers in turn until one answers. A server
 * is its name and the addresses it is asked on (port {@code port}: 53, or a test's).
 */
public final class ZoneServers {

    /** One authoritative server: its NS name and the addresses to ask it on. */
    public record Server(String name, List<InetSocketAddress> addresses) {
    }

    private final List<InetSocketAddress> resolvers;
    private final int port;
    private final Duration timeout;

    public ZoneServers(List<InetSocketAddress> resolvers, int port, Duration timeout) {
        this.resolvers = resolvers;
        this.port = port;
        this.timeout = timeout;
    }

    /** The domain's servers, by NS name; empty when no resolver gives its NS records. */
    public List<Server> of(String domain) throws IOException {
        Name zone = name(domain);
        List<Server> out = new ArrayList<>();
        for (Record r : ask(zone, Type.NS)) {
            if (r instanceof NSRecord ns) {
                List<InetSocketAddress> addrs = new ArrayList<>();
                for (int type : new int[]{Type.A, Type.AAAA}) {
                    for (Record a : ask(ns.getTarget(), type)) {
                        InetAddress ip = a instanceof ARecord ar ? ar.getAddress() : a instanceof AAAARecord ar ? ar.getAddress() : null;
                        if (ip != null) {
                            addrs.add(new InetSocketAddress(ip, port));
                        }
                    }
                }
                out.add(new Server(ns.getTarget().toString(true).toLowerCase(), List.copyOf(addrs)));
            }
        }
        Map<String, Server> byName = new LinkedHashMap<>();
        out.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(s -> byName.putIfAbsent(s.name(), s));
        return List.copyOf(byName.values());
    }

    /** The answer's records of {@code type} for {@code name}, from the first resolver that answers. */
    private List<Record> ask(Name name, int type) throws IOException {
        IOException last = null;
        for (InetSocketAddress r : resolvers) {
            try {
                SimpleResolver res = new SimpleResolver(r);
                res.setTimeout(timeout);
                Message m = res.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
                if (m.getRcode() == Rcode.NOERROR || m.getRcode() == Rcode.NXDOMAIN) {
                    return m.getSection(Section.ANSWER).stream().filter(x -> x.getType() == type).toList();
                }
            } catch (IOException e) {
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        return List.of();
    }

    static Name name(String domain) throws UnknownHostException {
        try {
            return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (IOException e) {
            throw new UnknownHostException(domain + ": " + e.getMessage());
        }
    }
}
