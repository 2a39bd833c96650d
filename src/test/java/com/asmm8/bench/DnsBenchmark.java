package com.asmm8.bench;

import com.asmm8.dns.DnsClient;
import com.asmm8.dns.DnsEngine;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.io.BufferedReader;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The DNS engine's brute force alone (no database): {@code DnsBenchmark WORDLIST DOMAIN HOST:PORT
 * [IN_FLIGHT] [OUT]} resolves every word under the domain against the resolver and prints one
 * line {@code words=N found=N seconds=S words_per_s=R queries=Q retries=R peak_heap_mib=M
 * live_heap_mib=L}: the heap's peak including garbage, and the most the heap held right after a
 * garbage collection (what the run keeps alive). Used by bench/dns-benchmark.sh.
 */
public final class DnsBenchmark {

    private DnsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path words = Path.of(args[0]);
        String domain = args[1];
        String[] hp = args[2].split(":");
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        Path outFile = args.length > 4 ? Path.of(args[4]) : null;
        DnsEngine engine = new DnsEngine(new DnsEngine.Settings(new DnsClient.Settings(2000, 4, 250, inFlight, 0), 3, 6));
        AtomicLong live = new AtomicLong();
        watchHeapAfterGc(live);
        // -Dwarmup=true: the list is resolved once unmeasured first, as in a daemon that has run
        // scans before (JIT compiled, buffers pooled); the second pass is measured
        if (Boolean.getBoolean("warmup")) {
            try (BufferedReader in = Files.newBufferedReader(words, StandardCharsets.UTF_8)) {
                engine.run(List.of(new InetSocketAddress(hp[0], Integer.parseInt(hp[1]))), List.of(), null, domain, in, domain,
                        Writer.nullWriter(), new DnsEngine.Counters(), () -> false, x -> {
                        });
            }
        }
        DnsEngine.Counters c = new DnsEngine.Counters();
        long t0 = System.nanoTime();
        DnsEngine.Result r;
        try (BufferedReader in = Files.newBufferedReader(words, StandardCharsets.UTF_8);
                Writer out = outFile == null ? new StringWriter() : Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            r = engine.run(List.of(new InetSocketAddress(hp[0], Integer.parseInt(hp[1]))), List.of(), null, domain, in, domain,
                    outFile == null ? Writer.nullWriter() : out, c, () -> false, x -> {
                    });
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf("words=%d found=%d wildcard=%d unanswered=%d seconds=%.2f words_per_s=%.0f queries=%d retries=%d"
                + " peak_heap_mib=%d live_heap_mib=%d%n",
                c.done.get(), c.found.get(), c.wildcard.get(), c.unresolved.get(), s, c.done.get() / s, r.queries(), r.retries(),
                peak >> 20, live.get() >> 20);
    }

    /** Keeps in {@code max} the largest heap use seen right after a collection. */
    private static void watchHeapAfterGc(AtomicLong max) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> e : info.getMemoryUsageAfterGc().entrySet()) {
                        if (!e.getKey().contains("Metaspace") && !e.getKey().contains("CodeHeap")
                                && !e.getKey().contains("Compressed Class")) {
                            used += e.getValue().getUsed();
                        }
                    }
                    max.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
    }
}
