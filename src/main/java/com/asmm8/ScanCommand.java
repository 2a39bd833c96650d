package com.asmm8;

import com.asmm8.db.HostnameRepository;
import com.asmm8.db.ScanRunRepository;
import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.scan.ActiveScans;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanQueue;
import com.asmm8.scan.ScanRequest;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ScanStatus;
import com.asmm8.scan.ScanType;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * {@code java -jar asmm8.jar scan <domain> [--type passive|active|complete|check]}: one scan of one
 * domain through the same routes and database as the daemon (the domain is added when absent).
 * The hostnames the scan saw go to stdout; warnings and a summary to stderr (-v: the full log),
 * and, when stderr is a terminal, a progress line while it runs (phase, tool, done/total, found). Exit status: 0 when
 * the scan completed (possibly with warnings such as a skipped phase), 1 when it failed, was
 * cancelled or interrupted, 2 for bad arguments, 3 when the domain is already being scanned (a
 * scan stopped by SIGTERM ends with the signal's status, 143, and is recorded as interrupted).
 */
public final class ScanCommand {

    private ScanCommand() {
    }

    static int run(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        String domain = null;
        String type = null;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--type") || a.equals("-t")) && i + 1 < args.length) {
                type = args[++i];
            } else if (a.startsWith("--type=")) {
                type = a.substring(7);
            } else if (a.equals("-v") || a.equals("--verbose")) {
                verbose = true;
            } else if (a.startsWith("-") || domain != null) {
                return usage(err, "unexpected argument '" + a + "'");
            } else {
                domain = a;
            }
        }
        if (domain == null) {
            return usage(err, "a domain is required");
        }
        // the arguments are checked before anything starts (no database, no Camel for a typo)
        try {
            domain = HostnameNormalizer.seed(domain);
            if (type != null) {
                ScanType.of(type);
            }
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        // quiet by default: warnings and the summary on stderr, the hostnames on stdout; -v for logs
        if (!verbose && System.getenv("ASMM8_LOG_LEVEL") == null) {
            System.setProperty("ASMM8_LOG_LEVEL", "WARN");
            System.setProperty("ASMM8_CAMEL_CONTEXT_LOG", "OFF"); // a failed start is said in one line below
        }
        Main main = Asmm8.newMain();
        // one scan, not the daemon: no schedule
        main.addOverrideProperty("asmm8.schedule.enabled", "false");
        Asmm8.withoutApi(main);
        // one scan: it takes no requests from the platform's queue
        main.addOverrideProperty("asmm8.amqp.url", "");
        // a person at a terminal: a database that does not answer is said at once, not waited for
        main.addOverrideProperty("asmm8.db.start-wait", "0");
        try {
            main.start();
            CamelContext ctx = main.getCamelContext();
            ScanQueue queue = ctx.getRegistry().findSingleByType(ScanQueue.class);
            ScanRequest request;
            try {
                String t = type != null
                        ? type
                        : ctx.getPropertiesComponent().resolveProperty("asmm8.schedule.scan-type").orElse("complete");
                request = queue.request(domain, t);
            } catch (IllegalArgumentException e) {
                return usage(err, e.getMessage());
            }
            if (request == null) {
                err.println("asmm8: " + domain + " is already being scanned");
                return 3;
            }
            ProducerTemplate template = ctx.createProducerTemplate();
            CompletableFuture<Exchange> scan = template.asyncSend("direct:scan", ex -> ex.getMessage().setBody(request));
            Exchange done = ProgressLine.stderrIsTerminal() ? withProgress(ctx, request.domain(), scan, err) : scan.get();
            ScanRun run = done.getProperty(ScanExchange.SCAN, ScanRun.class);
            if (run == null) {
                if (done.getException() != null) {
                    err.println("asmm8: scan could not start: " + done.getException().getMessage());
                    return 1;
                }
                err.println("asmm8: " + request.domain() + " is already being scanned by another process");
                return 3;
            }
            var row = ctx.getRegistry().lookupByNameAndType("scanRuns", ScanRunRepository.class).find(run.getId()).orElseThrow();
            ctx.getRegistry().lookupByNameAndType("hostnames", HostnameRepository.class)
                    .forEachSeenSince(run.getDomainId(), run.getStartedAt(), run.getType() == ScanType.CHECK, out::println);
            out.flush();
            err.printf("asmm8: scan %s of %s (%s): %s; %d hostnames seen, %d new, %d live changes%s%n", row.id(),
                    row.domain(), row.scanType(), row.status(), row.hostnamesSeen(), row.newHostnames(),
                    row.liveChanges(), row.error() == null ? "" : "; " + row.error());
            return ScanStatus.of(row.status()).isUnsuccessful() ? 1 : 0;
        } catch (Exception e) {
            err.println("asmm8: " + StartFailure.reason(e));
            return StartFailure.exitCode(e);
        } finally {
            main.stop();
        }
    }

    /** Waits for the scan, drawing its progress line on stderr (a terminal) every second. */
    private static Exchange withProgress(CamelContext ctx, String domain, CompletableFuture<Exchange> scan, PrintStream err)
            throws InterruptedException, ExecutionException {
        ActiveScans active = ctx.getRegistry().findSingleByType(ActiveScans.class);
        ProgressLine line = new ProgressLine(err);
        try {
            while (true) {
                try {
                    return scan.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    active.runs().stream().filter(r -> r.getDomain().equals(domain)).findFirst().ifPresent(line::show);
                }
            }
        } finally {
            line.clear();
        }
    }

    /** The message of the first cause that is not a wrapper (bean factories wrap what they throw). */

    private static int usage(PrintStream err, String problem) {
        err.println("asmm8: " + problem);
        err.println("usage: java -jar asmm8.jar scan <domain> [--type passive|active|complete|check] [-v]");
        return 2;
    }
}
