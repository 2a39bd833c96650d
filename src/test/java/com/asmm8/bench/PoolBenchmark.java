package com.asmm8.bench;

import com.asmm8.dns.DnsClient;
import com.asmm8.dns.DnsEngine;
import com.asmm8.dns.ResolverPool;
import com.asmm8.support.LimitedRelay;
import java.io.BufferedReader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine over a pool of rate-limited resolvers: {@code PoolBenchmark WORDLIST DOMAIN
 * SERVER_HOST:PORT RESOLVERS RATE [IN_FLIGHT] [OUT]} starts RESOLVERS relays on 127.0.0.50, .51, ...
 * in front of the server, each answering REFUSED above RATE questions a second (as public
 * resolvers limit one client), runs the brute force over them with the engine's per-resolver rate
 * set to RATE, and prints {@code words=N found=N seconds=S words_per_s=R allowed_per_s=A
 * ratio=R refused=N queries=Q}: how near the engine comes to what the pool allows together.
 */
public final class PoolBenchmark {

    private PoolBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path words = Path.of(args[0]);
        String domain = args[1];
        String server = args[2];
        int n = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        int inFlight = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        Path outFile = args.length > 6 ? Path.of(args[6]) : null;
        List<LimitedRelay> relays = new ArrayList<>();
        List<InetSocketAddress> pool = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LimitedRelay r = new LimitedRelay("127.0.0." + (50 + i), server, rate, 0);
            relays.add(r);
            String[] hp = r.resolver().split(":");
            pool.add(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
        }
        DnsEngine engine = new DnsEngine(new DnsEngine.Settings(new DnsClient.Settings(2000, 4, 250, inFlight, rate), 3, 6,
                ResolverPool.Settings.DEFAULT, 100));
        DnsEngine.Counters c = new DnsEngine.Counters();
        long t0 = System.nanoTime();
        DnsEngine.Result r;
        try (BufferedReader in = Files.newBufferedReader(words, StandardCharsets.UTF_8);
                Writer out = outFile == null ? Writer.nullWriter() : Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            r = engine.run(pool, List.of(), null, domain, in, domain, out, c, () -> false, x -> {
            });
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long refused = relays.stream().mapToLong(x -> x.refused.get()).sum();
        relays.forEach(LimitedRelay::close);
        r.pool().report().resolvers().stream().filter(l -> l.dropped() != null)
                .forEach(l -> System.err.println("dropped " + l.resolver() + ": " + l.dropped()));
        double perS = c.done.get() / s;
        System.out.printf("words=%d found=%d unanswered=%d seconds=%.2f words_per_s=%.0f queries_per_s=%.0f allowed_per_s=%d"
                + " ratio=%.2f refused=%d queries=%d resolvers_kept=%d%n", c.done.get(), c.found.get(), c.unresolved.get(), s,
                perS, r.queries() / s, n * rate, (r.queries() / s) / (n * rate), refused, r.queries(), r.resolvers().size());
    }
}
