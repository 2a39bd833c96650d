package com.asmm8.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The web page (bean {@code uiFiles}, routes/55-ui.yaml): the static files of the jar's
 * {@code ui/} folder at {@code /ui/NAME}, {@code /ui/} being {@code index.html}. Only flat names of
 * known types are served; everything else is a JSON 404. The files hold no data (the page asks
 * the API, with the token the user types), so they need no token. Every answer carries a strict
 * Content-Security-Policy: scripts, styles, images and requests from this origin only, no inline
 * script or style, no framing, no form posts, no plugins.
 */
public class UiFiles {

    /** The policy of every /ui/ answer. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static final Pattern NAME = Pattern.compile("/ui/([a-z0-9][a-z0-9-]{0,63}\\.(html|js|css|svg))?");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    /** GET (or HEAD) /ui, /ui/ or /ui/NAME. */
    public void serve(Exchange ex) throws IOException {
        String path = path(ex);
        String method = ex.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        if (method != null && !method.equals("GET") && !method.equals("HEAD")) {
            error(ex, 405, "only GET on /ui/");
            ex.getMessage().setHeader("Allow", "GET, HEAD");
            return;
        }
        if (path.equals("/ui")) {
            answer(ex, 308, "text/plain; charset=utf-8", "/ui/");
            ex.getMessage().setHeader("Location", "/ui/");
            return;
        }
        Matcher m = NAME.matcher(path);
        byte[] body = m.matches() ? read(m.group(1) == null ? "index.html" : m.group(1)) : null;
        if (body == null) {
            error(ex, 404, "no such file of the web page: /ui/NAME");
            return;
        }
        String ext = m.group(1) == null ? "html" : m.group(2);
        answer(ex, 200, TYPES.get(ext), body);
    }

    /** The request's path, without the query. */
    private static String path(Exchange ex) {
        String uri = ex.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        if (uri == null) {
            return "";
        }
        try {
            String p = URI.create(uri).getPath();
            return p == null ? "" : p;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** A file of the jar's /ui/ folder, read once (the files never change while the daemon runs); null when absent. */
    private byte[] read(String name) throws IOException {
        byte[] cached = files.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = UiFiles.class.getResourceAsStream("/ui/" + name)) {
            if (in == null) {
                return null; // absent names are not kept: the cache holds only the jar's few files
            }
            byte[] body = in.readAllBytes();
            files.put(name, body);
            return body;
        }
    }

    /** The API's JSON error answer, with the page's headers. */
    private static void error(Exchange ex, int code, String msg) {
        HttpExchanges.write(ex, code, HttpExchanges.envelope("error", msg, null, null));
        pageHeaders(ex.getMessage());
    }

    private static void answer(Exchange ex, int code, String type, Object body) {
        var msg = ex.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        msg.setHeader(Exchange.CONTENT_TYPE, type);
        pageHeaders(msg);
        msg.setBody(body);
    }

    private static void pageHeaders(Message msg) {
        msg.setHeader("Content-Security-Policy", CSP);
        msg.setHeader("X-Content-Type-Options", "nosniff");
        msg.setHeader("X-Frame-Options", "DENY");
        msg.setHeader("Referrer-Policy", "no-referrer");
        msg.setHeader("Cache-Control", "no-cache");
    }
}
