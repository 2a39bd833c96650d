package com.asmm8.zone;

import com.asmm8.zone.ZoneServers.Server;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * A zone transfer (AXFR over TCP) tried against each address of each authoritative server until
 * one gives the zone: every owner name of the transfer is written as it arrives (one line each,
 * never the zone whole in memory; an owner's consecutive records once, the ingest drops the
 * repeats), wildcard owners ({@code *}) left out. A refusal is
 * a normal outcome, recorded per server like a failure to connect.
 */
public final class ZoneTransfer {

    /** What one address answered: {@code transferred N names}, {@code refused (...)} or {@code failed: ...}. */
    public record Attempt(String server, String address, String outcome, boolean transferred) {
        @Override
        public String toString() {
            return server + " (" + address + "): " + outcome;
        }
    }

    private final Duration timeout;

    public ZoneTransfer(Duration timeout) {
        this.timeout = timeout;
    }

    /** Tries the servers in turn; stops at the first transfer. The names go to {@code out}, counted in {@code found}. */
    public List<Attempt> run(String domain, List<Server> servers, Writer out, AtomicLong found) throws IOException {
        Name zone = ZoneServers.name(domain);
        List<Attempt> attempts = new ArrayList<>();
        for (Server s : servers) {
            for (InetSocketAddress a : s.addresses()) {
                String where = a.getAddress().getHostAddress() + ":" + a.getPort();
                long before = found.get();
                try {
                    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(zone, a, null);
                    xfr.setTimeout(timeout);
                    xfr.run(new Names(zone, out, found));
                    attempts.add(new Attempt(s.name(), where, "transferred " + (found.get() - before) + " names", true));
                    out.flush();
                    return attempts;
                } catch (ZoneTransferException e) {
                    attempts.add(new Attempt(s.name(), where, "refused (" + e.getMessage() + ")", false));
                } catch (IOException e) {
                    attempts.add(new Attempt(s.name(), where, "failed: " + e.getMessage(), false));
                }
            }
        }
        return attempts;
    }

    /** Writes each new in-zone owner name of the transfer. */
    private static final class Names implements ZoneTransferIn.ZoneTransferHandler {
        private final Name zone;
        private final Writer out;
        private final AtomicLong found;
        private String last;
        private boolean started;

        Names(Name zone, Writer out, AtomicLong found) {
            this.zone = zone;
            this.out = out;
            this.found = found;
        }

        @Override
        public void startAXFR() {
        }

        @Override
        public void startIXFR() {
        }

        @Override
        public void startIXFRDeletes(Record soa) {
        }

        @Override
        public void startIXFRAdds(Record soa) {
        }

        @Override
        public void handleRecord(Record r) throws ZoneTransferException {
            Name owner = r.getName();
            boolean closing = started && r.getType() == Type.SOA; // the transfer ends with the SOA it began with
            started = true;
            if (closing || !owner.subdomain(zone) || owner.isWild()) {
                return;
            }
            String name = owner.toString(true).toLowerCase();
            if (!name.equals(last)) {
                last = name;
                try {
                    out.write(name);
                    out.write('\n');
                    found.incrementAndGet();
                } catch (IOException e) {
                    throw new ZoneTransferException("writing the names failed: " + e.getMessage());
                }
            }
        }
    }
}
