package com.asmm8.api;

import com.asmm8.hostname.HostnameNormalizer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of JSON request bodies, checked one by one: each answers the clean value or throws a
 * 400 naming the field. Input from a user is refused, never silently cleaned.
 */
final class Fields {

    private static final int MAX_COMPANY = 255;

    private Fields() {
    }

    /** A root domain name, canonical. */
    static String domainName(JsonNode n) {
        if (!n.isTextual()) {
            throw new ApiException(400, "field 'name' must be a string");
        }
        if (n.asText().length() > 1000) {
            throw new ApiException(400, "field 'name' is too long");
        }
        noControl(n.asText(), "name");
        try {
            return HostnameNormalizer.seed(n.asText());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "field 'name': " + e.getMessage());
        }
    }

    /** A hostname (no wildcard) inside {@code domain}, canonical. */
    static String hostnameIn(JsonNode n, String domain) {
        if (!n.isTextual() || n.asText().length() > 1000) {
            throw new ApiException(400, "field 'name' must be a hostname string");
        }
        String raw = n.asText();
        noControl(raw, "name");
        String c = raw.strip().startsWith("*") ? null : HostnameNormalizer.canonical(raw);
        if (c == null) {
            throw new ApiException(400, "field 'name': not a valid hostname: '" + HostnameNormalizer.printable(raw) + "'");
        }
        if (!HostnameNormalizer.inScope(c, domain)) {
            throw new ApiException(400, "field 'name': " + c + " is not inside " + domain);
        }
        return c;
    }

    /** The optional company name, stripped; empty when absent. */
    static String company(JsonNode n) {
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw new ApiException(400, "field 'companyname' must be a string");
        }
        String s = n.asText();
        if (s.length() > MAX_COMPANY) {
            throw new ApiException(400, "field 'companyname' is longer than " + MAX_COMPANY + " characters");
        }
        if (!HostnameNormalizer.strip(s).equals(s.strip()) || s.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(400, "field 'companyname' contains control characters");
        }
        return s.strip();
    }

    /** An optional boolean field; {@code dflt} when absent or null. */
    static boolean bool(JsonNode body, String field, boolean dflt) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new ApiException(400, "field '" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    /** Input from a user is refused, not cleaned, when it carries control characters. */
    static void noControl(String s, String field) {
        if (s.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(400, "field '" + field + "' contains control characters");
        }
    }

    /** The first line of a parser's message, at most 200 characters, for an error answer. */
    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String l = nl < 0 ? s : s.substring(0, nl);
        return l.length() > 200 ? l.substring(0, 200) : l;
    }

    /** An IPv4 or IPv6 address, or a CIDR block of one (prefix within the family's bits). */
    static boolean isNetwork(String s) {
        if (s.length() > 64) {
            return false;
        }
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        int bits = io.netty.util.NetUtil.isValidIpV4Address(address) ? 32 : io.netty.util.NetUtil.isValidIpV6Address(address) ? 128 : -1;
        if (bits < 0 || slash < 0) {
            return bits > 0;
        }
        String prefix = s.substring(slash + 1);
        return prefix.matches("\\d{1,3}") && Integer.parseInt(prefix) <= bits;
    }
}
