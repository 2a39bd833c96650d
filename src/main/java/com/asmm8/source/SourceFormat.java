package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What one built-in passive source asks and how its answer is read: the request URL for a
 * domain, and a streaming parse of the body (never held whole) that writes the candidate names
 * it holds, one per line; they are cleaned and scoped like any tool's output. An answer that is
 * not what the source sends when it works (an HTML error page, a cut or malformed body, an error
 * message) throws {@link SourceAnswerException}: a source failure, never names.
 */
public interface SourceFormat {

    /** The full request URL for {@code domain}, from the source's base URL. */
    String url(String base, String domain);

    /** Writes the names the body holds, one per line; returns how many were written (a source of one page). */
    default long parse(InputStream body, Writer out) throws IOException {
        throw new UnsupportedOperationException("a paged source answers through page()");
    }

    /** One request: its URL, method, headers and body (null for none). */
    record Request(String url, String method, Map<String, String> headers, String body) {
        public Request(String url, Map<String, String> headers) {
            this(url, "GET", headers, null);
        }

        /** A POST of a JSON body. */
        static Request post(String url, Map<String, String> headers, String json) {
            Map<String, String> h = new java.util.HashMap<>(headers);
            h.put("Content-Type", "application/json");
            return new Request(url, "POST", h, json);
        }
    }

    /** One page of an answer: the names written and the next page's cursor (null: the last page). */
    record Page(long names, String next) {
    }

    /** The name of the source's keys in subfinder's provider-config.yaml, or null for a keyless source. */
    default String keyName() {
        return null;
    }

    /** True when the source answers nothing without a key (else a key only raises its limits). */
    default boolean keyRequired() {
        return keyName() != null;
    }

    /** The request for a page ({@code cursor} null: the first), with {@code key} (null: none) as the source takes it. */
    default Request request(String base, String domain, String key, String cursor) {
        return new Request(url(base, domain), Map.of());
    }

    /** Writes the names of one page; its next page's cursor, if any. */
    default Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        return new Page(parse(body, out), null);
    }

    /** The format of a built-in source id ({@link SourceCatalog}). */
    static SourceFormat of(String id) {
        return SourceCatalog.format(id);
    }

    /** The default base URL of a built-in source id. */
    static String defaultUrl(String id) {
        return SourceCatalog.url(id);
    }

    /** Every built-in source id. */
    static java.util.Set<String> ids() {
        return SourceCatalog.ids();
    }

    /**
     * The body, refused at once when it is an HTML page (what proxies, CDNs and overloaded
     * servers send in place of the data, often with status 200).
     */
    static InputStream notHtml(InputStream body) throws IOException {
        PushbackInputStream in = new PushbackInputStream(body, 512);
        byte[] head = new byte[512];
        int n = in.readNBytes(head, 0, head.length);
        if (n > 0) {
            in.unread(head, 0, n);
        }
        String start = new String(head, 0, Math.max(n, 0), StandardCharsets.UTF_8).stripLeading().toLowerCase();
        if (start.startsWith("<")) {
            int t = start.indexOf("<title>");
            int e = t < 0 ? -1 : start.indexOf("</title>", t);
            String title = e < 0 ? "" : start.substring(t + 7, e).strip();
            throw new SourceAnswerException("the answer is an HTML page, not data" + (title.isEmpty() ? "" : " (" + title + ")"));
        }
        return in;
    }
}
