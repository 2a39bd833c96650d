package com.asmm8.dns;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Asks DNS questions of a pool of resolvers ({@link UdpTransport}: Netty's DNS codec over one
 * UDP socket with a large receive buffer, TCP when an answer is truncated, everything on one
 * event loop): round-robin over the usable resolvers ({@link ResolverPool}), at most
 * {@code rate} queries per second to each, a retry with backoff and jitter (on the next
 * resolver) after a time-out or SERVFAIL, the next attempt sent early when an answer is later
 * than the resolvers usually take ({@link RttEstimate}), and a bound on the names in flight that callers take
 * with {@link #acquire()} / {@link #release()}.
 */
public final class DnsClient implements AutoCloseable {

    /**
     * @param timeoutMs   one attempt's time-out
     * @param attempts    attempts per question (first one included)
     * @param backoffMs   the first retry's delay, doubled at each further one (with jitter)
     * @param maxInFlight names resolved at the same time
     * @param rate        queries per second per resolver, 0 for no limit
     */
    public record Settings(long timeoutMs, int attempts, long backoffMs, int maxInFlight, int rate) {
    }

    private final Settings settings;
    private final NioEventLoopGroup group;
    private final EventLoop loop;
    private final UdpTransport transport;
    /** When to send each question's next attempt if it has no answer by then (no timer per question). */
    private final Deadlines hedges;
    private final ScheduledFuture<?> hedgeSweeper;
    private final ResolverPool pool;
    private final Window inFlight;
    private final Pacer pacer;
    private final RttEstimate rtt;
    /** Queries sent (retries included), retries, and questions that stayed unanswered. */
    public final LongAdder sent = new LongAdder();
    public final LongAdder retries = new LongAdder();
    public final LongAdder unresolved = new LongAdder();

    public DnsClient(List<InetSocketAddress> servers, Settings settings) {
        this(new ResolverPool(servers, ResolverPool.Settings.DEFAULT), settings);
    }

    public DnsClient(ResolverPool pool, Settings settings) {
        this.settings = settings;
        this.pool = pool;
        this.inFlight = new Window(settings.maxInFlight(), TimeUnit.MILLISECONDS.toNanos(250));
        this.pacer = new Pacer(settings.rate());
        this.rtt = new RttEstimate(settings.timeoutMs());
        group = new NioEventLoopGroup(1, new DefaultThreadFactory("asmm8-dns", true));
        loop = group.next();
        transport = new UdpTransport(loop, settings.timeoutMs());
        hedges = new Deadlines(settings.attempts());
        hedgeSweeper = loop.scheduleAtFixedRate(hedges::runDue, 5, 5, TimeUnit.MILLISECONDS);
    }

    /** The resolvers not dropped. */
    public List<InetSocketAddress> servers() {
        return pool.kept();
    }

    public ResolverPool pool() {
        return pool;
    }

    /** Waits for a free slot for one more name in flight. */
    public void acquire() throws InterruptedException {
        inFlight.acquire();
    }

    public void release() {
        inFlight.release();
    }

    /** Slots free now for names in flight. */
    public int available() {
        return inFlight.available();
    }

    /**
     * Runs the tasks on the event loop, in order, in one hand-over (questions asked there are sent
     * without crossing threads); returns a new empty list for the next batch.
     */
    public List<Runnable> onLoop(List<Runnable> tasks) {
        if (!tasks.isEmpty()) {
            loop.execute(() -> tasks.forEach(Runnable::run));
        }
        return new ArrayList<>(tasks.size());
    }

    /** Waits until every slot is free again: every name taken has been answered. */
    public void drain() throws InterruptedException {
        inFlight.drain();
    }

    /** One question, to the resolvers in turn, retried after a time-out or SERVFAIL. */
    public CompletableFuture<DnsAnswer> query(String name, DnsRecordType type) {
        CompletableFuture<DnsAnswer> out = new CompletableFuture<>();
        attempt(null, name, type, 1, out);
        return out;
    }

    /** One question to one resolver (the health check), retried there. */
    public CompletableFuture<DnsAnswer> queryAt(InetSocketAddress server, String name, DnsRecordType type) {
        CompletableFuture<DnsAnswer> out = new CompletableFuture<>();
        attempt(server, name, type, 1, out);
        return out;
    }

    private void attempt(InetSocketAddress fixed, String name, DnsRecordType type, int n, CompletableFuture<DnsAnswer> out) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> attempt(fixed, name, type, n, out)); // every send, and its hedge, on the event loop
            return;
        }
        ResolverPool.Entry server = fixed != null ? pool.entry(fixed) : pool.pick();
        if (server == null) {
            if (out.complete(DnsAnswer.failed("every resolver dropped"))) {
                unresolved.increment();
            }
            return;
        }
        long wait = pacer.reserve(server.address());
        if (wait > 0) {
            loop.schedule(() -> send(fixed, server, name, type, n, out), wait, TimeUnit.NANOSECONDS);
        } else {
            send(fixed, server, name, type, n, out);
        }
    }

    /**
     * One attempt. When no answer came within the learnt wait ({@link RttEstimate}), the next
     * attempt is sent while this one may still answer: the first answer wins. A time-out or
     * SERVFAIL moves on after the backoff (once per attempt), and the last attempt's failure is
     * the answer.
     */
    private void send(InetSocketAddress fixed, ResolverPool.Entry server, String name, DnsRecordType type, int n,
            CompletableFuture<DnsAnswer> out) {
        sent.increment();
        pool.sent(server);
        long t0 = System.nanoTime();
        AtomicBoolean movedOn = new AtomicBoolean();
        boolean last = n >= settings.attempts();
        if (!last) {
            hedges.add(n, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rtt.timeoutMs(n)), () -> {
                if (!out.isDone() && !group.isShuttingDown() && movedOn.compareAndSet(false, true)) {
                    retries.increment();
                    attempt(fixed, name, type, n + 1, out);
                }
            });
        }
        transport.query(server.address(), name, type, a -> {
            if (a.status() != DnsAnswer.Status.TIMEOUT) {
                rtt.sample(System.nanoTime() - t0);
            }
            pool.answered(server, a);
            if (a.status() == DnsAnswer.Status.TIMEOUT) {
                inFlight.lost(); // fewer names in flight while questions are lost
            } else {
                inFlight.answered();
            }
            if (out.isDone()) {
                return; // an earlier or later attempt answered first
            }
            // REFUSED from a pool resolver under a domain it saw in the check is its rate limit: asked again elsewhere
            boolean again = a.retryable() || fixed == null && a.status() == DnsAnswer.Status.REFUSED;
            if (again && !last && !group.isShuttingDown()) {
                if (movedOn.compareAndSet(false, true)) {
                    retries.increment();
                    long backoff = settings.backoffMs() << Math.min(n - 1, 10);
                    long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                    loop.schedule(() -> attempt(fixed, name, type, n + 1, out), delay, TimeUnit.MILLISECONDS);
                } // else the next attempt is already out: it answers
            } else if (!(again && movedOn.get()) && out.complete(a) && a.unresolved()) {
                unresolved.increment();
            }
        });
    }

    @Override
    public void close() {
        hedgeSweeper.cancel(false);
        loop.execute(transport::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /**
     * Tasks to run at their deadline, on the event loop: one queue per attempt number, each in the
     * order its tasks were added, which is deadline order since an attempt's wait is the same for
     * all questions (a learnt wait drifts slowly: a task behind a later one runs at most a few
     * milliseconds late). An answered question's task finds nothing to do, so none is cancelled.
     */
    static final class Deadlines {
        private final java.util.ArrayDeque<Object[]>[] queues;

        @SuppressWarnings("unchecked")
        Deadlines(int attempts) {
            queues = new java.util.ArrayDeque[Math.max(1, attempts)];
            for (int i = 0; i < queues.length; i++) {
                queues[i] = new java.util.ArrayDeque<>();
            }
        }

        /** Runs {@code task} at {@code deadline}; {@code attempt} (from 1) picks its queue. */
        void add(int attempt, long deadline, Runnable task) {
            queues[Math.min(attempt, queues.length) - 1].addLast(new Object[]{deadline, task});
        }

        void runDue() {
            long now = System.nanoTime();
            for (java.util.ArrayDeque<Object[]> queue : queues) {
                Object[] head;
                while ((head = queue.peekFirst()) != null && (long) head[0] - now <= 0) {
                    queue.pollFirst();
                    ((Runnable) head[1]).run();
                }
            }
        }
    }

    /**
     * At most {@code rate} sends per second per resolver: each send reserves the next free instant,
     * and a resolver left idle may take a burst of 10 ms worth at once (a send is then not delayed by
     * the event loop's millisecond timer for each question of a steady stream).
     */
    static final class Pacer {
        private final long intervalNanos;
        private final long burstNanos;
        private final ConcurrentHashMap<InetSocketAddress, AtomicLong> next = new ConcurrentHashMap<>();

        Pacer(int rate) {
            intervalNanos = rate <= 0 ? 0 : 1_000_000_000L / rate;
            burstNanos = 10_000_000L;
        }

        /** Nanoseconds to wait before sending to {@code server}. */
        long reserve(InetSocketAddress server) {
            if (intervalNanos == 0) {
                return 0;
            }
            long now = System.nanoTime();
            long at = next.computeIfAbsent(server, s -> new AtomicLong(now))
                    .getAndAccumulate(now, (prev, x) -> Math.max(prev, x - burstNanos) + intervalNanos);
            return Math.max(0, Math.max(at, now - burstNanos) - now);
        }
    }
}
