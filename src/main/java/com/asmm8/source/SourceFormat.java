package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

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

    /** Writes the names the body holds, one per line; returns how many were written. */
    long parse(InputStream body, Writer out) throws IOException;

    /** The format of a built-in source id (see ToolsFile.SOURCES). */
    static SourceFormat of(String id) {
        return switch (id) {
            case "crtsh" -> new CrtShFormat();
            case "hackertarget" -> new HackerTargetFormat();
            case "wayback" -> new WaybackFormat();
            default -> throw new IllegalArgumentException("no built-in source " + id);
        };
    }

    /** The default base URL of a built-in source id. */
    static String defaultUrl(String id) {
        return switch (id) {
            case "crtsh" -> "https://crt.sh/";
            case "hackertarget" -> "https://api.hackertarget.com/hostsearch/";
            case "wayback" -> "https://web.archive.org/cdx/search/cdx";
            default -> throw new IllegalArgumentException("no built-in source " + id);
        };
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
