package com.asmm8.api;

import com.asmm8.scan.ScanType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The endpoints the Go service (deifzar/asmm8, pkg/api8) had, with what each answered on success:
 * its {@code msg} and what its {@code data} held. Resources tag these endpoints when they call
 * {@link HttpExchanges#handle(org.apache.camel.Exchange, GoPath, HttpExchanges.Handler)}; the
 * {@link ApiShape} in force decides whether that changes the answer ({@link GoCompat}) or not.
 * Endpoints the Go service did not have are not tagged and keep today's shape in every mode.
 */
enum GoPath {

    DOMAIN_LIST("get all domain success", GoPath::asIs),
    /** Go answered {@code "data": true} (the insert's boolean), not the row. */
    DOMAIN_CREATE("Insert domain success", d -> Boolean.TRUE), DOMAIN_GET("get one domain success", GoPath::asIs), DOMAIN_UPDATE(
            "Update domain success", GoPath::asIs), DOMAIN_DELETE("delete domain successfully",
                    d -> null), HOSTNAME_LIST("get all hostname successfully", GoPath::hostnames),
    /** Go answered the new row's id as {@code data}, not the row. */
    HOSTNAME_CREATE("insert hostname success", d -> ((Map<?, ?>) d).get("id")), HOSTNAME_GET("get hostname successfully",
            GoPath::hostname), HOSTNAME_UPDATE("update hostname success", GoPath::hostname), HOSTNAME_DELETE("delete hostname success",
                    d -> null), SCAN_COMPLETE("Launching ASM8 full scans. Please, check the notification.",
                            "ASM8 full scans finished. No target in scope",
                            false), SCAN_PASSIVE("Launching Passive scans.. Please, check the notification.",
                                    "ASMM8 Pasive scans finished. No target in scope",
                                    false), SCAN_ACTIVE("Launching Active scans. Please, check the notification.",
                                            "ASMM8 Active scans finished. No target in scope",
                                            true), SCAN_CHECK("Check alive scans are running",
                                                    "ASMM8 Check Live scans finished. No target in scope", true);

    /** The request paths of these endpoints. */
    private static final Pattern PATHS = Pattern.compile(
            "/domain(/[^/]+(/hostname(/[^/]+)?)?)?|/scan(/(passive|active|check))?");

    /** Whether a request path is one of these endpoints' (whichever the method). */
    static boolean covers(String requestPath) {
        return requestPath != null && PATHS.matcher(requestPath).matches();
    }

    /** The fields of a Go domain object a client may send back as it got them (ignored). */
    private static final Set<String> DOMAIN_ECHO = Set.of("id");
    /** The fields of a Go hostname object (and today's additions) a client may send back (ignored). */
    private static final Set<String> HOSTNAME_ECHO = Set.of("id", "foundfirsttime", "dmainid", "domainid", "lastseen",
            "lastresolved", "sources");

    /** The Go service's message on success (when scans were launched, for a scan trigger). */
    final String msg;
    /** A scan trigger's message when no domain is enabled; null for the other endpoints. */
    final String noTargetMsg;
    /** Go's {@code data} made from today's. */
    private final UnaryOperator<Object> data;
    /** Whether the Go answer carried {@code "data": null} (the active and check triggers did). */
    final boolean nullDataShown;

    GoPath(String msg, UnaryOperator<Object> data) {
        this.msg = msg;
        this.noTargetMsg = null;
        this.data = data;
        this.nullDataShown = false;
    }

    GoPath(String msg, String noTargetMsg, boolean nullDataShown) {
        this.msg = msg;
        this.noTargetMsg = noTargetMsg;
        this.data = d -> null; // the Go triggers answered no scan ids
        this.nullDataShown = nullDataShown;
    }

    static GoPath scan(ScanType type) {
        return switch (type) {
            case COMPLETE -> SCAN_COMPLETE;
            case PASSIVE -> SCAN_PASSIVE;
            case ACTIVE -> SCAN_ACTIVE;
            case CHECK -> SCAN_CHECK;
        };
    }

    boolean isScanTrigger() {
        return noTargetMsg != null;
    }

    /** Go's {@code data} for today's {@code data} of this endpoint. */
    Object goData(Object today) {
        return today == null ? null : data.apply(today);
    }

    /** The request body fields a Go client may send on this endpoint beyond {@code fields}: those it was answered. */
    Set<String> echoed() {
        return switch (this) {
            case DOMAIN_CREATE, DOMAIN_UPDATE -> DOMAIN_ECHO;
            case HOSTNAME_CREATE, HOSTNAME_UPDATE -> HOSTNAME_ECHO;
            default -> Set.of();
        };
    }

    private static Object asIs(Object d) {
        return d;
    }

    /** A hostname row as Go named its fields: {@code dmainid} (the Go model's JSON tag) beside {@code domainid}. */
    static Map<String, Object> hostname(Object row) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) row);
        m.put("dmainid", m.get("domainid"));
        return m;
    }

    private static Object hostnames(Object rows) {
        return ((List<?>) rows).stream().map(GoPath::hostname).toList();
    }
}
