package com.asmm8.api;

import com.asmm8.db.DbRetry;
import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.util.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;

/**
 * The HTTP plumbing the resources share: the bearer-token check, the JSON envelope
 * {@code {"status", "msg", "data"}} of every answer ({@code {"status":"error","msg":...}} with a
 * 4xx code naming the field at fault), and the strict reading of path, query and body input. The
 * endpoints the Go service had are answered through the {@link ApiShape} in force.
 */
public class HttpExchanges {

    private static final Logger LOG = LoggerFactory.getLogger(HttpExchanges.class);
    public static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = Json.MAPPER;

    private final ApiAuth auth;
    private final ApiShape shape;

    public HttpExchanges(ApiAuth auth, ApiShape shape) {
        this.auth = auth;
        this.shape = shape;
    }

    /** The shape of the answers on the Go service's paths. */
    ApiShape shape() {
        return shape;
    }

    /** The work of one endpoint, run by {@link #handle}. */
    @FunctionalInterface
    interface Handler {
        Response handle() throws Exception;
    }

    /** A success answer. */
    record Response(int code, String msg, Object data, Map<String, Object> extra) {
        static Response ok(String msg, Object data) {
            return new Response(200, msg, data, null);
        }
    }

    /** Exchange property: the Go service's endpoint being answered (a {@link GoPath}, absent for ours). */
    static final String GO_PATH = "asmm8.api.goPath";

    /** Runs an endpoint the Go service did not have: today's shape in every mode. */
    void handle(Exchange ex, Handler h) throws Exception {
        handle(ex, null, h);
    }

    /**
     * Runs an endpoint: checks the token first, then answers the handler's response in the
     * success envelope (a null response means the handler wrote a streamed answer itself). What it
     * throws is answered by {@link #failed}, the {@code api-errors} route configuration's step.
     * {@code path} names the Go service's endpoint this is (null for none): the shape in force
     * shapes the answer from it.
     */
    void handle(Exchange ex, GoPath path, Handler h) throws Exception {
        if (path != null) {
            ex.setProperty(GO_PATH, path);
        }
        auth.check(ex.getMessage().getHeader("Authorization", String.class));
        Response r = h.handle();
        if (r != null) {
            r = shape.success(path, r);
            write(ex, r.code(), envelope("success", r.msg(), r.data(), r.extra()));
        }
    }

    /**
     * The error answer of an endpoint that threw (routes/00-errors.yaml, api-errors): an
     * {@link ApiException} is its own answer; the database being away (an outage, as
     * {@link DbRetry#isOutage} tells it) or the broker refusing a work item answers 503 with
     * {@code Retry-After}; anything else is logged and answers 500.
     */
    public void failed(Exchange ex) {
        Throwable e = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        GoPath path = ex.getProperty(GO_PATH, GoPath.class);
        if (e instanceof ApiException a) {
            Map<String, Object> extra = a.data() == null ? null : Map.of("data", a.data());
            write(ex, a.status(), envelope(shape.errorStatus(path), a.getMessage(), null, extra));
            return;
        }
        String method = ex.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String where = ex.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (brokerFailed(e)) { // a work item the broker did not take (a scan asked for with a broker)
            LOG.warn("API {} {}: the broker did not take the work ({})", method, where, e.getMessage());
            write(ex, 503, envelope(shape.errorStatus(path), "the message broker is unreachable, try again later", null, null));
            ex.getMessage().setHeader("Retry-After", "10");
            return;
        }
        if (DbRetry.isOutage(e)) {
            LOG.warn("API {} {}: the database is unreachable ({})", method, where, e.getMessage());
            write(ex, 503, envelope(shape.errorStatus(path), "the database is unreachable, try again later", null, null));
            ex.getMessage().setHeader("Retry-After", "10");
            return;
        }
        LOG.error("API {} {} failed", method, where, e);
        write(ex, 500, envelope(shape.errorStatus(path), "internal error (logged)", null, null));
    }

    private static boolean brokerFailed(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AmqpException) {
                return true;
            }
        }
        return false;
    }

    /** The answer body: status and msg, then data when there is any, then the extra fields. */
    static Map<String, Object> envelope(String status, String msg, Object data, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("msg", msg);
        if (data != null) {
            m.put("data", data);
        }
        if (extra != null) {
            m.putAll(extra);
        }
        return m;
    }

    /** Replaces the message with a JSON answer: every request header is dropped. */
    static void write(Exchange ex, int code, Map<String, Object> body) {
        var m = ex.getMessage();
        m.removeHeaders("*", Exchange.HTTP_RESPONSE_CODE);
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            m.setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            m.setBody("{\"status\":\"error\",\"msg\":\"internal error\"}");
        }
    }

    /**
     * Replaces the message with a 200 answer that is not in the envelope (a document, a stream):
     * every request header is dropped. Returns the message, for more answer headers.
     */
    static Message writeRaw(Exchange ex, String contentType, Object body) {
        var m = ex.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        m.setBody(body);
        return m;
    }

    /** A path parameter that must be a UUID in its 36-character form. */
    static UUID uuid(Exchange ex, String param) {
        String v = ex.getMessage().getHeader(param, String.class);
        try {
            if (v == null || v.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, param + " must be a UUID");
        }
    }

    /** The body's bytes (empty when none); 413 above {@link #MAX_BODY}. */
    static byte[] rawBody(Exchange ex) {
        byte[] b = ex.getMessage().getBody(byte[].class);
        if (b != null && b.length > MAX_BODY) {
            throw new ApiException(413, "body larger than " + MAX_BODY + " bytes");
        }
        return b == null ? new byte[0] : b;
    }

    static void noBody(Exchange ex) {
        rawBody(ex); // only the size matters: a body on GET or DELETE is ignored
    }

    /** The body as a JSON object with only {@code allowed} fields and every {@code required} one non-null. */
    static JsonNode jsonBody(Exchange ex, Set<String> allowed, Set<String> required) {
        byte[] b = rawBody(ex);
        String ct = ex.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "Content-Type must be application/json");
        }
        if (b.length == 0) {
            throw new ApiException(400, "a JSON object body is required");
        }
        JsonNode node;
        try {
            node = JSON.readTree(b);
        } catch (IOException e) {
            throw new ApiException(400, "malformed JSON: " + Fields.firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "the body must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new ApiException(400, "unknown field '" + HostnameNormalizer.printable(f) + "' (allowed: " + allowed + ")");
            }
        }
        for (String f : required) {
            if (!node.hasNonNull(f)) {
                throw new ApiException(400, "field '" + f + "' is required");
            }
        }
        return node;
    }

    /** The query parameters, decoded; unknown or repeated ones are refused. */
    static Map<String, String> query(Exchange ex, Set<String> allowed) {
        String raw = ex.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        if (raw.length() > 8192) {
            throw new ApiException(400, "query string too long");
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k;
            String v;
            try {
                k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "malformed query string");
            }
            if (!allowed.contains(k)) {
                throw new ApiException(400, "unknown query parameter '" + HostnameNormalizer.printable(k) + "' (allowed: " + allowed + ")");
            }
            if (out.put(k, v) != null) {
                throw new ApiException(400, "query parameter '" + k + "' given twice");
            }
        }
        return out;
    }

    /** A whole-number query parameter from {@code min} to {@code max}; {@code dflt} when absent. */
    static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
        String v = q.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + " must be a whole number from " + min + " to " + max);
        }
    }

    /** A {@code true}/{@code false} query parameter; null when absent (no filter). */
    static Boolean boolParam(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null) {
            return null;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new ApiException(400, name + " must be true or false");
        }
        return Boolean.valueOf(v);
    }
}
