package com.asmm8.hostname;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * One finding as it travels from a tool's output through a batch and a spool to its statement: the
 * hostname, then, tab-separated, what it answered. Each record is {@code TYPE value} (A, AAAA or
 * CNAME; the value {@code -} says the type was asked and has none, so a record that went away is
 * seen as gone); a takeover lead is {@code LEAD service target rcode chain} (service {@code -}
 * when no fingerprint matched, the chain's names joined by commas). A plain hostname is a finding
 * with nothing known of its records (a passive source's): its records are left as they are.
 */
public final class Finding {

    public static final String LEAD = "LEAD";

    private Finding() {
    }

    /** The hostname of a finding line. */
    public static String name(String finding) {
        int tab = finding.indexOf('\t');
        return tab < 0 ? finding : finding.substring(0, tab);
    }

    /** A finding line: the name and its tokens (records, a lead); the name alone when there are none. */
    public static String line(String name, Collection<String> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name);
        for (String t : tokens) {
            b.append('\t').append(t);
        }
        return b.toString();
    }

    /**
     * A record token from what a tool printed, checked: {@code A}/{@code AAAA} with an address of
     * that family, {@code CNAME} with a valid hostname (canonical, without the root dot); null for
     * anything else, so a tool's odd output never reaches the records table.
     */
    public static String record(String type, String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        switch (type.toUpperCase(Locale.ROOT)) {
            case "A" :
                return NetUtil.isValidIpV4Address(v) ? "A " + v : null;
            case "AAAA" :
                return NetUtil.isValidIpV6Address(v)
                        ? "AAAA " + NetUtil.bytesToIpAddress(NetUtil.createByteArrayFromIpAddressString(v))
                        : null;
            case "CNAME" :
                String c = HostnameNormalizer.canonical(v.endsWith(".") ? v.substring(0, v.length() - 1) : v);
                return c == null ? null : "CNAME " + c;
            default :
                return null;
        }
    }

    /** An address of either family as its record token, or null when it is no address. */
    public static String address(String value) {
        String v = value.strip();
        return NetUtil.isValidIpV4Address(v) ? record("A", v) : record("AAAA", v);
    }

    /** A batch's findings taken apart for its statement: the names, the records and the leads, each prefixed by its name. */
    public record Parts(String[] names, String[] records, String[] leads) {
        public boolean hasRecords() {
            return records.length > 0 || leads.length > 0;
        }
    }

    /** Splits findings into names, {@code "name TYPE value"} records and {@code "name service target rcode chain"} leads. */
    public static Parts split(Collection<String> findings) {
        List<String> names = new ArrayList<>(findings.size());
        List<String> records = new ArrayList<>();
        List<String> leads = new ArrayList<>();
        for (String f : findings) {
            String[] parts = f.split("\t");
            names.add(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                (parts[i].startsWith(LEAD + " ") ? leads : records).add(parts[0] + " " + (parts[i].startsWith(LEAD + " ")
                        ? parts[i].substring(LEAD.length() + 1)
                        : parts[i]));
            }
        }
        return new Parts(names.toArray(new String[0]), records.toArray(new String[0]), leads.toArray(new String[0]));
    }
}
