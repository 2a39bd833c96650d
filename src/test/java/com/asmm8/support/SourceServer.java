package com.asmm8.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;

/**
 * Stand-ins for the internet-facing passive sources, on 127.0.0.1: each answers in the recorded
 * format of the real service (crt.sh's JSON, HackerTarget's CSV lines, the Wayback CDX's URL
 * lines) and fails as they fail (502, 429 with Retry-After, an HTML error page with status 200,
 * a body cut mid-JSON, an answer slower than the client's time-out, an error line with 200).
 * Answers are scripted per source and domain (the domain found in the query string); requests
 * are logged with their arrival time.
 */
public final class SourceServer implements AutoCloseable {

    /** One scripted answer. {@code delayMs} before the headers; {@code chunks} streamed one after the other. */
    public record Answer(int status, Map<String, String> headers, long delayMs, Body body) {
        public static Answer ok(String body) {
            return new Answer(200, Map.of(), 0, out -> out.write(body.getBytes(StandardCharsets.UTF_8)));
        }

        public static Answer status(int status, String body, Map<String, String> headers) {
            return new Answer(status, headers, 0, out -> out.write(body.getBytes(StandardCharsets.UTF_8)));
        }

        public static Answer slow(long delayMs, String body) {
            return new Answer(200, Map.of(), delayMs, out -> out.write(body.getBytes(StandardCharsets.UTF_8)));
        }

        public static Answer streamed(Body body) {
            return new Answer(200, Map.of(), 0, body);
        }
    }

    /** Writes a body. */
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** A request as it arrived. */
    public record Request(String source, String query, long atNanos) {
    }

    private final HttpServer server;
    private final Map<String, ConcurrentLinkedDeque<Answer>> scripts = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    public SourceServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL of a source on this server, as ASMM8_SOURCE_<NAME>_URL takes it. */
    public String url(String source) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + source + "/";
    }

    /** Answers the next requests of {@code source} for {@code domain} with these, in order (the last one repeats). */
    public void script(String source, String domain, Answer... answers) {
        scripts.put(source + " " + domain, new ConcurrentLinkedDeque<>(List.of(answers)));
    }

    public List<Request> requests(String source, String domain) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.source().equals(source) && r.query().contains(domain)).toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String source = ex.getRequestURI().getPath().replaceAll("^/([^/]+)/.*$", "$1");
        String query = URLDecoder.decode(String.valueOf(ex.getRequestURI().getRawQuery()), StandardCharsets.UTF_8);
        requests.add(new Request(source, query, System.nanoTime()));
        Answer a = null;
        for (Map.Entry<String, ConcurrentLinkedDeque<Answer>> e : scripts.entrySet()) {
            String[] key = e.getKey().split(" ", 2);
            if (key[0].equals(source) && query.contains(key[1])) {
                ConcurrentLinkedDeque<Answer> q = e.getValue();
                a = q.size() > 1 ? q.pollFirst() : q.peekFirst();
            }
        }
        try (ex) {
            if (a == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (a.delayMs() > 0) {
                Thread.sleep(a.delayMs());
            }
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(a.status(), 0); // chunked: the length is not known up front
            try (OutputStream out = ex.getResponseBody()) {
                a.body().write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (its time-out): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
