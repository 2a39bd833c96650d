package com.asmm8;

import com.asmm8.api.ApiAuth;
import java.util.Arrays;
import java.util.Optional;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Entry point. Without arguments: the daemon (scheduled scans). With {@code scan <domain>
 * [--type T]}: one scan of that domain, then exit (see {@link ScanCommand}).
 */
public final class Asmm8 {

    /** The route files of the HTTP API and of the web page, left out when the API does not run. */
    public static final String API_ROUTES = "**/*-api.yaml,**/*-ui.yaml";

    private Asmm8() {
    }

    public static void main(String[] args) throws Exception {
        try {
            if (args.length > 0 && args[0].equals("scan")) {
                System.exit(ScanCommand.run(Arrays.copyOfRange(args, 1, args.length)));
            }
            Main main = newMain();
            main.run(args);
        } catch (Exception e) {
            // one line, no stack trace (it is in the log at DEBUG): 2 for a setting, 1 otherwise
            LoggerFactory.getLogger(Asmm8.class).debug("start failed", e);
            System.err.println("asmm8: " + StartFailure.reason(e));
            System.exit(StartFailure.exitCode(e));
        }
    }

    /** A Camel Main with the routes and the ASMM8 beans of this {@link Installation}, not yet started. */
    public static Main newMain() {
        Main main = new Main();
        Installation installation = Installation.fromEnvironment();
        main.setPropertyPlaceholderLocations(installation.propertyLocations());
        installation.properties().forEach(main::addInitialProperty);
        installation.routesDirectory().ifPresent(problem -> {
            LoggerFactory.getLogger(Asmm8.class).warn("Route reload is off: {}", problem);
            main.addOverrideProperty("camel.main.routesReloadEnabled", "false");
        });
        // instances, not classes: Main would post-process a class it instantiates twice (beans made twice)
        main.configure().addConfiguration(new Asmm8Configuration());
        main.configure().addConfiguration(new IngestConfiguration());
        main.configure().addConfiguration(new BuiltInToolsConfiguration());
        main.configure().addConfiguration(new OpsConfiguration());
        main.configure().addConfiguration(new ApiConfiguration());
        main.configure().addConfiguration(new AmqpConfiguration());
        String host = Optional.ofNullable(System.getenv("ASMM8_HTTP_HOST")).orElse("127.0.0.1");
        String token = System.getenv("ASMM8_API_TOKEN");
        String auth = System.getenv("ASMM8_API_AUTH");
        if (!ApiAuth.allowedOn(host, token, auth)) {
            LoggerFactory.getLogger(Asmm8.class).error("Refusing to serve the HTTP API on {} without ASMM8_API_TOKEN: "
                    + "set a token, or listen on 127.0.0.1 (or, knowingly, set ASMM8_API_AUTH=off). "
                    + "The daemon runs without the API.", host);
            withoutApi(main);
        } else if (ApiAuth.explicitlyOff(auth) && !ApiAuth.allowedOn(host, null)) {
            LoggerFactory.getLogger(Asmm8.class).warn("ASMM8_API_AUTH=off: serving the HTTP API on {} WITHOUT "
                    + "AUTHENTICATION to anyone who can reach that address", host);
        }
        return main;
    }

    /** No HTTP server, no metrics endpoint, no API routes (refused host, or the one-shot scan command). */
    static void withoutApi(Main main) {
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.enabled", "false");
        main.addOverrideProperty("camel.metrics.enabled", "false");
        main.addOverrideProperty("camel.main.routesExcludePattern", API_ROUTES);
    }
}
