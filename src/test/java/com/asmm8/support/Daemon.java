package com.asmm8.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged daemon ({@code java -jar target/asmm8.jar}) as a background process on a free loopback port. */
public final class Daemon implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The API token a daemon gets when the test sets neither ASMM8_API_TOKEN nor ASMM8_API_AUTH; sent by get and send. */
    public static final String TOKEN = "daemon-test-token-0123456789";

    private final Process process;
    private final Path log;
    private final int port;
    private final String token;

    public Daemon(Map<String, String> env, Path log) throws IOException {
        this.log = log;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", Path.of("target", "asmm8.jar").toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("ASMM8_"));
        pb.environment().putAll(env);
        if (!env.containsKey("ASMM8_API_TOKEN") && !env.containsKey("ASMM8_API_AUTH")) {
            pb.environment().put("ASMM8_API_TOKEN", TOKEN);
        }
        token = pb.environment().get("ASMM8_API_TOKEN");
        pb.environment().put("ASMM8_HTTP_PORT", Integer.toString(port));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
    }

    /** The loopback port of its HTTP API. */
    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** GET on the daemon's API with its token (when it has one): status code and body. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET without any token. */
    public HttpResponse<String> getAnonymously(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder b) {
        return token == null || token.isBlank() ? b : b.header("Authorization", "Bearer " + token.split(",")[0].strip());
    }

    /** Any request on the daemon's API with a JSON body (or none): status code and body. */
    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return HTTP.send(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until /ready answers 200 (at most {@code seconds}); fails with the log otherwise. */
    public Daemon awaitReady(long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("the daemon exited " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> r = get("/ready");
                if (r.statusCode() == 200) {
                    return this;
                }
                last = r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready after " + seconds + " s: " + last + "\n" + log());
    }

    /** SIGTERM, then waits for the exit (at most {@code seconds}). */
    public int stop(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("the daemon did not stop within " + seconds + " s");
        }
        return process.exitValue();
    }

    /** kill -9 of the daemon (its children are left as a crash leaves them). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            kill();
        }
    }
}
