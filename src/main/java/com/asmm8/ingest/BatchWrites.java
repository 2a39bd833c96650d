package com.asmm8.ingest;

import com.asmm8.db.BatchStatement;
import com.asmm8.db.DbRetry;
import com.asmm8.db.InventoryWrites;
import com.asmm8.db.InventoryWrites.BatchOutcome;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanRun;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The steps of the write route (routes/45-write.yaml) around its {@code jdbc:} endpoint: whether
 * a batch is written now, the statement of its kind, what the statement's row says, and what an
 * error means (the domain taken over, the database away: the batch is spooled, or a refused
 * batch: its names are counted lost with the reason). Every batch is settled with its scan, so
 * the end of a phase knows all names were written, or why not.
 */
public class BatchWrites {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWrites.class);

    /** Exchange property: the statement a batch needs, one of the kinds below (also the spool files' kind). */
    public static final String STATEMENT = "statement";
    /** Findings into the inventory, credited to the tool that printed them. */
    public static final String INVENTORY = "inventory";
    /** Passive names only a wildcard answers: stored with the wildcard marker, not live. */
    public static final String INVENTORY_WILDCARD = "inventory-wildcard";
    /** A check's names that answered: marked live. */
    public static final String LIVE_FLAGS = "live-flags";

    /** The route that runs one batch statement (no error handling of its own: its caller's decides). */
    public static final String STATEMENT_ROUTE = "direct:batch-statement";

    static final String NAMES = "batchNames";

    private final InventoryWrites writes;
    private final ScanMetrics metrics;
    private final Spooler spooler;

    public BatchWrites(InventoryWrites writes, ScanMetrics metrics, Spooler spooler) {
        this.writes = writes;
        this.metrics = metrics;
        this.spooler = spooler;
    }

    /**
     * True when the batch in the body is written now. Not when it is empty, when the scan lost its
     * lease (its names are counted lost), or when earlier batches of the scan wait in its spool
     * (the batch joins them there).
     */
    public boolean admit(Exchange exchange) throws IOException {
        ScanRun run = ScanExchange.run(exchange);
        List<String> names = names(exchange.getMessage().getBody(List.class));
        if (names.isEmpty()) {
            return false;
        }
        exchange.setProperty(NAMES, names);
        String tool = tool(exchange, run);
        exchange.setProperty(ScanExchange.TOOL, tool);
        if (run.leaseLost() != null) {
            // fenced: another node holds the domain now and scans it again; this node writes nothing more
            run.lost(names.size(), "not written: " + run.leaseLost());
            return false;
        }
        if (spooler.isSpooling(run)) {
            spooler.spool(run, kind(exchange), tool, names, null); // behind the batches already waiting
            return false;
        }
        return true;
    }

    /** The body becomes the SQL of the batch's statement, the CamelJdbcParameters header its values. */
    public void statement(Exchange exchange) {
        ScanRun run = ScanExchange.run(exchange);
        List<String> names = batch(exchange);
        String tool = tool(exchange, run);
        var st = switch (kind(exchange)) {
            case LIVE_FLAGS -> writes.markLiveStatement(run.fence(), names);
            case INVENTORY_WILDCARD -> writes.upsertWildcardStatement(run.fence(), tool, names);
            default -> writes.upsertStatement(run.fence(), tool, names);
        };
        st.bind(exchange);
    }

    /** The statement's row: the batch is counted with its scan and in the metrics; FencedOut when the fence failed. */
    public void outcome(Exchange exchange) throws Exception {
        ScanRun run = ScanExchange.run(exchange);
        Duration took = BatchStatement.took(exchange);
        run.writeNanos.addAndGet(took.toNanos());
        String kind = kind(exchange);
        metrics.db(LIVE_FLAGS.equals(kind) ? "mark_live" : "upsert", took);
        BatchOutcome o = InventoryWrites.outcome(exchange.getMessage().getBody(Map.class), run.fence());
        run.counted(run.getPhase(), o);
        if (!LIVE_FLAGS.equals(kind)) {
            metrics.batchWritten(run.getDomain(), tool(exchange, run), o.names(), o.inserted());
        }
    }

    /** Permutations, one per line, for the staged file; the batch's names kept to settle it. */
    public String lines(Exchange exchange) {
        List<String> names = names(exchange.getMessage().getBody(List.class));
        exchange.setProperty(NAMES, names);
        StringBuilder text = new StringBuilder(names.size() * 24);
        for (String n : names) {
            text.append(n).append('\n');
        }
        return text.toString();
    }

    /** The batch is written: settled with its scan. */
    public void settled(Exchange exchange) {
        ScanExchange.run(exchange).writes().settled(batch(exchange).size());
    }

    /** True when the error the batch met is the database being away (worth spooling), not a refusal. */
    public boolean isOutage(Exchange exchange) {
        return DbRetry.isOutage(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    /** The fence in the statement: another node took the domain over since the last renewal. */
    public void fencedOut(Exchange exchange) {
        ScanRun run = ScanExchange.run(exchange);
        String why = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class).getMessage();
        run.loseLease(why);
        run.lost(batch(exchange).size(), "not written: " + why);
    }

    /** The database is away: the batch waits in the scan's spool and is written when it is back. */
    public void spool(Exchange exchange) {
        ScanRun run = ScanExchange.run(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        try {
            spooler.spool(run, kind(exchange), tool(exchange, run), batch(exchange), cause);
        } catch (IOException | RuntimeException e) {
            lost(run, batch(exchange), e);
        }
    }

    /** Anything else: the batch's names are counted lost with the reason (never silently dropped). */
    public void failed(Exchange exchange) {
        lost(ScanExchange.run(exchange), batch(exchange), exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    private static void lost(ScanRun run, List<String> names, Throwable e) {
        String error = "a batch write failed: " + (e == null ? "unknown" : e.getMessage());
        MDC.put(ScanExchange.MDC_SCAN_ID, run.getId().toString());
        LOG.error("Scan {} of {}: {}", run.getId(), run.getDomain(), error);
        run.lost(names.size(), error);
    }

    /** The names of a batch replayed from a spool: the same statement, run through the same route. */
    public static void replayed(Exchange exchange, ScanRun run, String kind, String tool, List<String> names) {
        exchange.setProperty(ScanExchange.SCAN, run);
        exchange.setProperty(STATEMENT, kind);
        exchange.setProperty(ScanExchange.TOOL, tool);
        exchange.setProperty(NAMES, names);
    }

    @SuppressWarnings("unchecked")
    private static List<String> batch(Exchange exchange) {
        List<String> names = exchange.getProperty(NAMES, List.class);
        return names != null ? names : List.of();
    }

    private static String kind(Exchange exchange) {
        String kind = exchange.getProperty(STATEMENT, String.class);
        return kind != null ? kind : INVENTORY;
    }

    /** The tool that printed these names: the batch may be written after the next tool started. */
    private static String tool(Exchange exchange, ScanRun run) {
        String tool = exchange.getProperty(ScanExchange.TOOL, String.class);
        return tool != null ? tool : run.getTool().name();
    }

    private static List<String> names(List<?> body) {
        List<String> names = new ArrayList<>(body == null ? 0 : body.size());
        if (body != null) {
            for (Object o : body) {
                if (o != null) {
                    names.add(o.toString());
                }
            }
        }
        return names;
    }
}
