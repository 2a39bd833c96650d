package com.asmm8.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;

/**
 * Stand-ins for the many passive sources on one server on 127.0.0.1, each under its own path
 * ({@code /virustotal/...}): answers are scripted per source, in order (the last one repeats),
 * in the recorded format of the real service; every request is kept with its method, path,
 * query, headers and body, so a test sees which key and which page was asked.
 */
public final class ProviderStandIns implements AutoCloseable {

    /** A request as it arrived. */
    public record Asked(String source, String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final Map<String, ConcurrentLinkedDeque<SourceServer.Answer>> scripts = new ConcurrentHashMap<>();
    private final List<Asked> asked = Collections.synchronizedList(new ArrayList<>());

    public ProviderStandIns() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL of a source, as ASMM8_SOURCE_<NAME>_URL takes it. */
    public String url(String source) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + source + "/";
    }

    /** The next answers of a source, in order; the last one repeats. */
    public void script(String source, SourceServer.Answer... answers) {
        scripts.put(source, new ConcurrentLinkedDeque<>(List.of(answers)));
    }

    public List<Asked> asked(String source) {
        synchronized (asked) {
            return asked.stream().filter(a -> a.source().equals(source)).toList();
        }
    }

    public void forget() {
        asked.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String source = path.replaceAll("^/([^/]+)/.*$", "$1");
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String q = ex.getRequestURI().getRawQuery();
        asked.add(new Asked(source, ex.getRequestMethod(), path + (q == null ? "" : "?" + q), Map.copyOf(ex.getRequestHeaders()), body));
        ConcurrentLinkedDeque<SourceServer.Answer> script = scripts.get(source);
        SourceServer.Answer a = script == null ? null : script.size() > 1 ? script.pollFirst() : script.peekFirst();
        try (ex) {
            if (a == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(a.status(), 0);
            try (OutputStream out = ex.getResponseBody()) {
                a.body().write(out);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
