package com.asmm8.zone;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * An NSEC walk of a signed zone. A denial (a random name under the zone, asked with DNSSEC OK)
 * says how the zone is signed: with NSEC the chain is followed from the apex, asking each name's
 * NSEC record for the next name, until it comes back to the apex, and every name of it is written;
 * NSEC3 (hashed names) is reported and not walked; "black lies" (minimally covering NSEC answers,
 * whose next name is {@code \000.<name>}) list nothing, and the walk stops saying so. Bounded by
 * {@code maxQuestions} and the tool's time ({@code stop}).
 */
public final class NsecWalk {

    /** How the walk ended: the names it wrote, the questions it asked and why it stopped. */
    public record Outcome(long names, long questions, String why, boolean walked) {
    }

    private final Duration timeout;
    private final int maxQuestions;

    public NsecWalk(Duration timeout, int maxQuestions) {
        this.timeout = timeout;
        this.maxQuestions = maxQuestions;
    }

    /** Walks the zone through the first server address that answers; the names go to {@code out}. */
    public Outcome run(String domain, List<InetSocketAddress> servers, Writer out, AtomicLong found, BooleanSupplier stop)
            throws IOException {
        Name zone = ZoneServers.name(domain);
        IOException last = null;
        for (InetSocketAddress server : servers) {
            try {
                return walk(zone, resolver(server), out, found, stop);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("no server to ask");
    }

    private SimpleResolver resolver(InetSocketAddress server) {
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(timeout);
        r.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
        return r;
    }

    private Outcome walk(Name zone, SimpleResolver r, Writer out, AtomicLong found, BooleanSupplier stop) throws IOException {
        // how the zone denies: NSEC, NSEC3 or not signed
        Message denial = r.send(query(Name.fromString(UUID.randomUUID().toString().substring(0, 12), zone), Type.A));
        List<Record> authority = denial.getSection(Section.AUTHORITY);
        if (authority.stream().anyMatch(x -> x instanceof NSEC3Record)) {
            return new Outcome(0, 1, "the zone is signed with NSEC3: its names are hashed, not walked", false);
        }
        if (authority.stream().noneMatch(x -> x instanceof NSECRecord)) {
            return new Outcome(0, 1, "the zone's denials carry no NSEC record (not signed, or the server gave none)", false);
        }
        long questions = 1;
        long names = 0;
        Name at = zone;
        while (true) {
            if (questions >= maxQuestions) {
                return new Outcome(names, questions, "stopped after " + questions + " questions (asmm8.zone.nsec-max-questions)", true);
            }
            if (stop.getAsBoolean()) {
                return new Outcome(names, questions, "stopped: out of time or cancelled", true);
            }
            Name owner = at;
            Message m = r.send(query(owner, Type.NSEC));
            questions++;
            NSECRecord nsec = m.getSection(Section.ANSWER).stream().filter(x -> x instanceof NSECRecord && x.getName().equals(owner))
                    .map(NSECRecord.class::cast).findFirst().orElse(null);
            if (m.getRcode() != Rcode.NOERROR || nsec == null) {
                return new Outcome(names, questions, "the chain broke at " + at.toString(true) + " (" + Rcode.string(m.getRcode())
                        + ", no NSEC record for it)", true);
            }
            Name next = nsec.getNext();
            if (minimallyCovering(at, next)) {
                return new Outcome(names, questions, "minimally covering NSEC answers (black lies): the chain lists no name", false);
            }
            if (!at.isWild()) {
                out.write(at.toString(true).toLowerCase());
                out.write('\n');
                names++;
                found.incrementAndGet();
            }
            if (next.equals(zone) || !next.subdomain(zone)) {
                out.flush();
                return new Outcome(names, questions, "walked the whole chain", true);
            }
            at = next;
        }
    }

    /** A next name that is the owner with a {@code \000} label before it: made up for this answer, not the zone's next name. */
    static boolean minimallyCovering(Name owner, Name next) {
        return next.labels() == owner.labels() + 1 && next.subdomain(owner) && "\\000".equals(next.getLabelString(0));
    }

    private static Message query(Name name, int type) {
        return Message.newQuery(Record.newRecord(name, type, DClass.IN));
    }
}
