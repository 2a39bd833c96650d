package com.asmm8.dns;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One DNS answer as the engine judges it: how it ended and the A, AAAA and CNAME records of its
 * answer section, each as {@code "A 192.0.2.1"}, {@code "AAAA 2001:db8::1"} or
 * {@code "CNAME target.example."} (lower case, sorted), and of an SOA question
 * {@code "SOA <mname> <rname>"}; {@code from} is the resolver that answered (null when none did);
 * {@code chain} the CNAME targets from the asked name on, in order (empty without a CNAME).
 */
public record DnsAnswer(Status status, Set<String> records, String error, InetSocketAddress from, List<String> chain) {

    public DnsAnswer(Status status, Set<String> records, String error, InetSocketAddress from) {
        this(status, records, error, from, List.of());
    }

    public enum Status {
        NOERROR, NXDOMAIN, SERVFAIL, REFUSED, OTHER, TIMEOUT
    }

    /** The name has A, AAAA or CNAME records (NXDOMAIN and an empty answer, such as an empty non-terminal, do not). */
    public boolean exists() {
        return status == Status.NOERROR && !records.isEmpty();
    }

    /**
     * The name has a CNAME whose chain ends in a name that does not exist (a recursive resolver's
     * NXDOMAIN with the CNAME in the answer): the name is in its zone, and a takeover lead.
     */
    public boolean dangling() {
        return status == Status.NXDOMAIN && !chain.isEmpty();
    }

    /** The name is a host of its zone: it has records, or a CNAME that leads nowhere. */
    public boolean named() {
        return exists() || dangling();
    }

    /** The final name of the CNAME chain, or null without one. */
    public String end() {
        return chain.isEmpty() ? null : chain.get(chain.size() - 1);
    }

    /** An address record is in the answer (the chain, if any, was followed to an address). */
    public boolean hasAddress() {
        for (String r : records) {
            if (r.startsWith("A ") || r.startsWith("AAAA ")) {
                return true;
            }
        }
        return false;
    }

    /** No usable answer after every attempt: time-out, SERVFAIL, REFUSED or another error. */
    public boolean unresolved() {
        return status != Status.NOERROR && status != Status.NXDOMAIN;
    }

    /** Worth another attempt: nothing came back, or the server failed. */
    boolean retryable() {
        return status == Status.TIMEOUT || status == Status.SERVFAIL;
    }

    static DnsAnswer failed(String why) {
        return new DnsAnswer(Status.TIMEOUT, Set.of(), why, null);
    }

    static DnsAnswer of(DnsResponse r, InetSocketAddress from) {
        DnsResponseCode code = r.code();
        Status status = code == DnsResponseCode.NOERROR
                ? Status.NOERROR
                : code == DnsResponseCode.NXDOMAIN
                        ? Status.NXDOMAIN
                        : code == DnsResponseCode.SERVFAIL
                                ? Status.SERVFAIL
                                : code == DnsResponseCode.REFUSED ? Status.REFUSED : Status.OTHER;
        Set<String> records = new TreeSet<>();
        Map<String, String> cnames = null;
        int n = r.count(DnsSection.ANSWER);
        for (int i = 0; i < n; i++) {
            DnsRecord rec = r.recordAt(DnsSection.ANSWER, i);
            if (!(rec instanceof DnsRawRecord raw)) {
                continue;
            }
            ByteBuf c = raw.content();
            DnsRecordType t = rec.type();
            try {
                if (t == DnsRecordType.A && c.readableBytes() == 4 || t == DnsRecordType.AAAA && c.readableBytes() == 16) {
                    byte[] b = new byte[c.readableBytes()];
                    c.getBytes(c.readerIndex(), b);
                    records.add(t.name() + " " + InetAddress.getByAddress(b).getHostAddress());
                } else if (t == DnsRecordType.CNAME) {
                    String target = DefaultDnsRecordDecoder.decodeName(c.duplicate()).toLowerCase(Locale.ROOT);
                    records.add("CNAME " + target);
                    if (cnames == null) {
                        cnames = new HashMap<>();
                    }
                    cnames.put(rec.name().toLowerCase(Locale.ROOT), target);
                } else if (t == DnsRecordType.SOA) {
                    ByteBuf d = c.duplicate(); // MNAME then RNAME; the serial and timers may differ between honest servers
                    String mname = DefaultDnsRecordDecoder.decodeName(d);
                    records.add("SOA " + (mname + " " + DefaultDnsRecordDecoder.decodeName(d)).toLowerCase(Locale.ROOT));
                }
            } catch (UnknownHostException | RuntimeException e) {
                // a malformed record is not an answer
            }
        }
        return new DnsAnswer(status, Set.copyOf(records), status == Status.NOERROR || status == Status.NXDOMAIN
                ? null
                : "rcode " + code.intValue() + " (" + code + ")", from, cnames == null ? List.of() : chain(r, cnames));
    }

    /** The CNAME targets from the question's name on, without the root dot; a loop ends the chain. */
    private static List<String> chain(DnsResponse r, Map<String, String> cnames) {
        DnsRecord q = r.recordAt(DnsSection.QUESTION);
        List<String> chain = new ArrayList<>(2);
        String at = q == null ? null : q.name().toLowerCase(Locale.ROOT);
        while (at != null && chain.size() < 16) {
            String next = cnames.get(at);
            if (next == null) {
                break;
            }
            chain.add(next.endsWith(".") ? next.substring(0, next.length() - 1) : next);
            at = next;
        }
        return List.copyOf(chain);
    }

    /** The reason, for reports: the rcode or the error. */
    public String why() {
        return error != null ? error : status.name();
    }
}
