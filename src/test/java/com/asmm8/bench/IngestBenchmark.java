package com.asmm8.bench;

import com.asmm8.Asmm8;
import com.asmm8.db.Database;
import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.scan.ScanQueue;
import com.asmm8.scan.ScanRequest;
import java.io.BufferedWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Ingest benchmark (run by {@code bench/ingest-benchmark.sh}, not by the tests). Writes 1,000,000
 * synthetic tool-output lines for 10 domains (90% valid unique names, 5% repeats, 5% garbage or
 * out of scope), runs them through the real pipeline (the YAML routes, a real process per domain
 * printing its file through camel-exec, streaming, cleaning, batching, upserts) into a fresh
 * database, then loads the same rows with a set-based baseline (COPY into a staging table, one
 * INSERT ... SELECT ... ON CONFLICT) and prints both rates, their ratio and the peak heap.
 * {@code RECORDS=1}: every valid line carries its name's address and "no CNAME" as the built-in
 * engine prints them, so the pipeline also keeps the records (asmm8_record), and the baseline
 * copies and inserts them too.
 */
public final class IngestBenchmark {

    private static final int DOMAINS = 10;
    private static final int LINES_PER_DOMAIN = 100_000;
    private static final boolean RECORDS = "1".equals(System.getenv("RECORDS"));

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String admin = System.getenv().getOrDefault("ASMM8_BENCH_PG", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = System.getenv().getOrDefault("ASMM8_DB_USER", "postgres");
        String dbName = "asmm8_bench_" + UUID.randomUUID().toString().substring(0, 8);
        String url = admin.substring(0, admin.lastIndexOf('/') + 1) + dbName;
        Path work = Files.createTempDirectory("asmm8-bench");
        try (Connection c = DriverManager.getConnection(admin, user, null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + dbName);
        }
        try {
            run(url, user, work);
        } finally {
            try (Connection c = DriverManager.getConnection(admin, user, null); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
            }
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(String url, String user, Path work) throws Exception {
        List<String> domains = new ArrayList<>();
        long lines = 0;
        for (int d = 0; d < DOMAINS; d++) {
            String domain = "bench" + d + ".example.org";
            domains.add(domain);
            lines += generate(work.resolve(domain + ".txt"), domain, d);
        }
        Files.writeString(work.resolve("tools.yaml"), """
                tools:
                  - name: bench-source
                    phase: passive
                    binary: cat
                    args: ["%s/{domain}.txt"]
                    timeout: 10m
                """.formatted(work));
        System.out.printf("input: %,d lines for %d domains in %s%s%n", lines, DOMAINS, work, RECORDS ? ", each name with its address" : "");

        // ---- the pipeline
        Main main = Asmm8.newMain();
        main.addOverrideProperty("asmm8.db.url", url);
        main.addOverrideProperty("asmm8.db.user", user);
        main.addOverrideProperty("asmm8.tools.file", work.resolve("tools.yaml").toString());
        main.addOverrideProperty("asmm8.staging.dir", work.resolve("staging").toString());
        main.addOverrideProperty("asmm8.schedule.enabled", "false");
        main.start();
        CamelContext ctx = main.getCamelContext();
        ScanQueue queue = ctx.getRegistry().findSingleByType(ScanQueue.class);
        ProducerTemplate template = ctx.createProducerTemplate();
        long[] peak = {0};
        Thread sampler = new Thread(() -> {
            var mem = ManagementFactory.getMemoryMXBean();
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], mem.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        for (String d : domains) {
            ScanRequest r = queue.request(d, "passive");
            template.sendBody(ScanQueue.ENQUEUE, r);
        }
        int finished = 0;
        while (finished < DOMAINS) {
            Thread.sleep(100);
            finished = Integer.parseInt(query(url, user,
                    "SELECT count(*) FROM asmm8_scan_run WHERE status <> 'running'"));
        }
        double pipeSeconds = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        long peakHeap = peak[0];
        long rows = Long.parseLong(query(url, user, "SELECT count(*) FROM cptm8hostname"));
        if (RECORDS) {
            System.out.printf("pipeline: %s records stored%n", query(url, user, "SELECT count(*) FROM asmm8_record"));
        }
        String statuses = query(url, user, "SELECT string_agg(DISTINCT status, ',') FROM asmm8_scan_run");
        main.stop();
        double pipeRate = rows / pipeSeconds;
        System.out.printf(
                "pipeline: %,d rows in %.2f s = %,.0f rows/s (%,.0f lines/s), scans %s, peak heap used %d MiB (sampled every 20 ms), -Xmx %d MiB%n",
                rows, pipeSeconds, pipeRate, lines / pipeSeconds, statuses, peakHeap >> 20,
                Runtime.getRuntime().maxMemory() >> 20);

        // ---- the baseline: the same rows, cleaned beforehand (not timed), COPY + one INSERT ... SELECT
        Path cleaned = work.resolve("cleaned.tsv");
        try (BufferedWriter w = Files.newBufferedWriter(cleaned, StandardCharsets.UTF_8)) {
            for (String d : domains) {
                String id = query(url, user, "SELECT id FROM cptm8domain WHERE name = '" + d + "'");
                Set<String> seen = new LinkedHashSet<>();
                for (String line : Files.readAllLines(work.resolve(d + ".txt"))) {
                    String[] parts = line.split("\t");
                    String n = HostnameNormalizer.inScopeCanonical(parts[0], d);
                    if (n != null && seen.add(n)) {
                        w.write(n + "\t" + id + "\t" + (parts.length > 1 ? parts[1].substring(2) : "") + "\n");
                    }
                }
            }
        }
        Database.migrate(new org.postgresql.ds.PGSimpleDataSource() {
            {
                setURL(url);
                setUser(user);
            }
        });
        try (Connection c = DriverManager.getConnection(url, user, null); Statement s = c.createStatement()) {
            s.execute("TRUNCATE cptm8hostname CASCADE");
            s.execute("VACUUM ANALYZE cptm8hostname");
        }
        long t1 = System.nanoTime();
        long baseRows;
        try (Connection c = DriverManager.getConnection(url, user, null)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE staging (name text, domainid uuid, address text) ON COMMIT DROP");
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                try (Reader r = Files.newBufferedReader(cleaned)) {
                    copy.copyIn("COPY staging (name, domainid, address) FROM STDIN", r);
                }
                baseRows = s.executeUpdate("""
                        INSERT INTO cptm8hostname (id, name, foundfirsttime, live, enabled, domainid, lastseen, sources)
                        SELECT gen_random_uuid(), name, now(), true, true, domainid, now(), ARRAY['baseline']
                        FROM (SELECT DISTINCT ON (name) name, domainid FROM staging) s
                        ON CONFLICT (name) DO UPDATE SET lastseen = now(), live = true
                        """);
                if (RECORDS) {
                    s.executeUpdate("""
                            INSERT INTO asmm8_record (hostnameid, type, value)
                            SELECT h.id, 'A', s.address FROM staging s JOIN cptm8hostname h ON h.name = s.name
                            WHERE s.address <> '' ON CONFLICT DO NOTHING
                            """);
                }
            }
            c.commit();
        }
        double baseSeconds = (System.nanoTime() - t1) / 1e9;
        double baseRate = baseRows / baseSeconds;
        System.out.printf("baseline (COPY + INSERT ... SELECT ... ON CONFLICT): %,d rows in %.2f s = %,.0f rows/s%n",
                baseRows, baseSeconds, baseRate);
        System.out.printf("ratio pipeline/baseline: %.2f (target >= 0.80)%n", pipeRate / baseRate);
    }

    /** 90% unique valid names, 5% repeats, 5% garbage and out-of-scope lines. */
    private static long generate(Path file, String domain, int seed) throws Exception {
        java.util.Random rnd = new java.util.Random(seed);
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < LINES_PER_DOMAIN; i++) {
                int kind = i % 20;
                String line;
                if (kind == 18) {
                    line = "host" + rnd.nextInt(Math.max(1, i)) + ".svc." + domain; // a repeat
                } else if (kind == 19) {
                    line = (i % 2 == 0 ? "evil" + i + "." + domain + ".attacker.net" : "bad..name" + i + "." + domain);
                } else {
                    line = "host" + i + ".svc." + domain;
                    if (RECORDS) {
                        line += "\tA 10." + seed + "." + (i >> 8 & 255) + "." + (i & 255) + "\tCNAME -";
                    }
                }
                w.write(line);
                w.write('\n');
                n++;
            }
        }
        return n;
    }

    private static String query(String url, String user, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

}
