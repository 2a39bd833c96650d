package com.asmm8.api;

import static com.asmm8.api.HttpExchanges.envelope;
import static com.asmm8.api.HttpExchanges.write;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.health.ContextHealthCheck;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;

/**
 * What the HTTP server answers when no route can: the first handler of the Vert.x router. While
 * the routes are not running (start-up, waiting for the database; shutdown), {@code /health} is
 * 200, {@code /ready} 503 naming the database or the context (or Camel's whole readiness, when
 * Camel finished starting while the request waited), and every other path (metrics aside)
 * 503 with the JSON error body, never the server's 404 page. Once Camel has started it steps
 * aside. And a body over {@code camel.server.maxBodySize}, which the server refuses before any
 * route sees it, gets the JSON 413 too, whatever its size or framing. A service started right
 * after the HTTP server (see OpsConfiguration); without an HTTP server it does nothing.
 */
public final class HttpGate extends ServiceSupport {

    private final CamelContext camel;
    private final ApiShape shape;
    private final HealthCheck database;
    private final ContextHealthCheck context = new ContextHealthCheck();
    private final int port;
    private final long maxBody;
    private final String metricsPath;

    public HttpGate(CamelContext camel, ApiShape shape, HealthCheck database, int port, long maxBody, String metricsPath) {
        this.camel = camel;
        this.shape = shape;
        this.database = database;
        this.port = port;
        this.maxBody = maxBody;
        this.metricsPath = metricsPath;
        context.setCamelContext(camel);
    }

    @Override
    protected void doStart() {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router != null) {
            router.route().order(Integer.MIN_VALUE).handler(this::gate).failureHandler(this::failed);
        }
    }

    /** Steps aside once Camel runs; until then answers (off the event loop: the checks may query). */
    private void gate(RoutingContext rc) {
        if (camel.isStarted() || rc.normalizedPath().equals(metricsPath)) {
            rc.next();
            return;
        }
        String path = rc.normalizedPath();
        if (path.equals("/ui") || path.startsWith("/ui/")) {
            // the web page opened while the daemon starts: a page that says so and reloads itself
            // (no script: the page's policy allows none inline), never the API's JSON
            rc.vertx().executeBlocking(() -> why(), false).onComplete(r -> rc.response().setStatusCode(503).putHeader("Retry-After", "3")
                    .putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Content-Security-Policy", "default-src 'none'")
                    .putHeader("Cache-Control", "no-store").end(waitingPage(r.succeeded() ? r.result() : "starting")));
            return;
        }
        rc.vertx().executeBlocking(() -> answer(path), false).onComplete(r -> {
            Exchange ex = r.succeeded() ? r.result() : error(path, 503, "not ready: " + r.cause());
            var m = ex.getMessage();
            int code = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            if (code == 503) {
                rc.response().putHeader("Retry-After", "5");
            }
            rc.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(m.getBody(String.class));
        });
    }

    /** What the gate answers on {@code path} (package-private for its test). */
    Exchange answer(String path) {
        Exchange ex = new DefaultExchange(camel);
        if (path.equals("/health")) {
            shape.health(ex);
            return ex;
        }
        HealthCheck.Result db = database.call();
        if (path.equals("/ready")) {
            // Camel may have finished starting since gate() let this request in: then the context
            // check is up and the gate's two checks alone would answer 200 before the others (the
            // broker's among them) were asked, so Camel's own readiness answers instead
            HealthCheck.Result started = context.call();
            shape.ready(ex, started.getState() == HealthCheck.State.UP
                    ? HealthCheckHelper.invokeReadiness(camel)
                    : List.of(db, started));
            return ex;
        }
        return error(path, 503, "not ready: " + why(db));
    }

    private String why() {
        return why(database.call());
    }

    private String why(HealthCheck.Result db) {
        return db.getState() != HealthCheck.State.UP
                ? db.getMessage().orElse("database down")
                : camel.isStopping() || camel.isStopped()
                        ? "the daemon is stopping"
                        : "the daemon is starting: its routes are not running yet";
    }

    /** The page shown while the daemon is not ready: why, and a reload every 3 s until it is. */
    static String waitingPage(String why) {
        String text = why.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"3\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>ASMM8 is starting</title></head>"
                + "<body><main><h1>ASMM8 is not ready yet</h1><p role=\"status\">" + text + ".</p>"
                + "<p>This page reloads by itself every 3 seconds and opens the inventory once the daemon is ready.</p></main></body></html>";
    }

    /** A request the server failed before any route ran it: 413 in the JSON error body, others as Vert.x does. */
    private void failed(RoutingContext rc) {
        if (rc.statusCode() != 413 || rc.response().ended()) {
            rc.next();
            return;
        }
        Exchange ex = error(rc.normalizedPath(), 413, "body larger than " + maxBody + " bytes");
        rc.response().setStatusCode(413).putHeader("Content-Type", "application/json").end(ex.getMessage().getBody(String.class));
    }

    private Exchange error(String path, int code, String msg) {
        Exchange ex = new DefaultExchange(camel);
        write(ex, code, envelope(shape.errorStatusOf(path), msg, null, (Map<String, Object>) null));
        return ex;
    }
}
