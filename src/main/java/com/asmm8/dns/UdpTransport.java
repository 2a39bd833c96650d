package com.asmm8.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.AbstractDnsOptPseudoRrRecord;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuery;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.TcpDnsQueryEncoder;
import io.netty.handler.codec.dns.TcpDnsResponseDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A lean DNS transport on Netty's DNS codec over one bare UDP channel, all on one event loop: a
 * question is a slot in a flat table indexed by its id (random, free), its time-out a place in a
 * first-in first-out queue swept every few milliseconds (every question waits as long, so the
 * queue is in deadline order), writes flushed once per loop turn. An answer counts only from the
 * server asked, with the id and question asked. A truncated answer is asked again over TCP.
 */
final class UdpTransport implements AutoCloseable {

    private static final int IDS = 65536;
    private static final long SWEEP_MS = 5;
    private static final int MAX_PAYLOAD = 1232;

    /** One question in flight. */
    private static final class Pending {
        final String name;
        final DnsRecordType type;
        final InetSocketAddress server;
        final Consumer<DnsAnswer> done;
        long seq;

        Pending(String name, DnsRecordType type, InetSocketAddress server, Consumer<DnsAnswer> done) {
            this.name = name;
            this.type = type;
            this.server = server;
            this.done = done;
        }
    }

    private final EventLoop loop;
    private final Channel channel;
    private final long timeoutNanos;
    private final Pending[] slots = new Pending[IDS];
    private int inFlight;
    /** Time-outs in send order: the id and the deadline of each question sent. */
    private int[] fifoIds = new int[1024];
    private long[] fifoSeqs = new long[1024];
    private long nextSeq;
    private long[] fifoDeadlines = new long[1024];
    private int head;
    private int size;
    private boolean flushScheduled;
    private final ScheduledFuture<?> sweeper;

    UdpTransport(EventLoop loop, long timeoutMs) {
        this.loop = loop;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        channel = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 1 << 20)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryEncoder(), new DatagramDnsResponseDecoder(),
                                new SimpleChannelInboundHandler<DatagramDnsResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsResponse r) {
                                        answered(r);
                                    }
                                });
                    }
                }).bind(0).syncUninterruptibly().channel();
        sweeper = loop.scheduleAtFixedRate(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    /** Asks one question; {@code done} gets the answer (or the time-out) on the event loop. */
    void query(InetSocketAddress server, String name, DnsRecordType type, Consumer<DnsAnswer> done) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> query(server, name, type, done));
            return;
        }
        if (inFlight >= IDS / 2) {
            done.accept(DnsAnswer.failed("too many questions in flight"));
            return;
        }
        int id = ThreadLocalRandom.current().nextInt(IDS);
        while (slots[id] != null) {
            id = (id + 1) & (IDS - 1);
        }
        Pending p = new Pending(name, type, server, done);
        slots[id] = p;
        inFlight++;
        enqueue(id, p, System.nanoTime() + timeoutNanos);
        DatagramDnsQuery q = new DatagramDnsQuery(null, server, id);
        q.setRecursionDesired(true);
        q.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, type));
        q.addRecord(DnsSection.ADDITIONAL, new AbstractDnsOptPseudoRrRecord(MAX_PAYLOAD, 0, 0) {
        });
        channel.write(q, channel.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(() -> {
                flushScheduled = false;
                channel.flush();
            });
        }
    }

    private void answered(DatagramDnsResponse r) {
        int id = r.id();
        Pending p = slots[id];
        if (p == null || !p.server.equals(r.sender()) || !sameQuestion(r, p)) {
            return; // late (after its time-out), from elsewhere, or not what was asked
        }
        slots[id] = null;
        inFlight--;
        if (r.isTruncated()) {
            overTcp(p);
        } else {
            p.done.accept(DnsAnswer.of(r, p.server));
        }
    }

    private static boolean sameQuestion(DnsResponse r, Pending p) {
        if (r.count(DnsSection.QUESTION) != 1) {
            return false;
        }
        DnsQuestion q = r.recordAt(DnsSection.QUESTION);
        String n = q.name();
        int len = n.endsWith(".") ? n.length() - 1 : n.length();
        return q.type().equals(p.type) && len == p.name.length() && n.regionMatches(true, 0, p.name, 0, len);
    }

    private void enqueue(int id, Pending p, long deadline) {
        if (size == fifoIds.length) {
            int n = fifoIds.length * 2;
            int[] ids = new int[n];
            long[] ps = new long[n];
            long[] ds = new long[n];
            for (int i = 0; i < size; i++) {
                int j = (head + i) % fifoIds.length;
                ids[i] = fifoIds[j];
                ps[i] = fifoSeqs[j];
                ds[i] = fifoDeadlines[j];
            }
            fifoIds = ids;
            fifoSeqs = ps;
            fifoDeadlines = ds;
            head = 0;
        }
        int tail = (head + size) % fifoIds.length;
        fifoIds[tail] = id;
        p.seq = ++nextSeq; // the queue keeps the number, not the question: an answered one is garbage at once
        fifoSeqs[tail] = p.seq;
        fifoDeadlines[tail] = deadline;
        size++;
    }

    /** Ends the questions whose time is up (those answered meanwhile are skipped). */
    private void sweep() {
        long now = System.nanoTime();
        while (size > 0 && fifoDeadlines[head] - now <= 0) {
            int id = fifoIds[head];
            long seq = fifoSeqs[head];
            head = (head + 1) % fifoIds.length;
            size--;
            Pending p = slots[id];
            if (p != null && p.seq == seq) {
                slots[id] = null;
                inFlight--;
                p.done.accept(DnsAnswer.failed("timeout from " + DnsEngine.hostPort(p.server)));
            }
        }
    }

    /** The question again over TCP (its UDP answer was truncated), within the same time-out. */
    private void overTcp(Pending p) {
        boolean[] ended = new boolean[1];
        Consumer<DnsAnswer> once = a -> {
            if (!ended[0]) {
                ended[0] = true;
                p.done.accept(a);
            }
        };
        new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TimeUnit.NANOSECONDS.toMillis(timeoutNanos))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new TcpDnsQueryEncoder(), new TcpDnsResponseDecoder(),
                                new SimpleChannelInboundHandler<DnsResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DnsResponse r) {
                                        once.accept(DnsAnswer.of(r, p.server));
                                        ctx.close();
                                    }
                                });
                    }
                }).connect(p.server).addListener(f -> {
                    if (!f.isSuccess()) {
                        once.accept(DnsAnswer.failed("no TCP answer from " + DnsEngine.hostPort(p.server)));
                        return;
                    }
                    Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                    DefaultDnsQuery q = new DefaultDnsQuery(ThreadLocalRandom.current().nextInt(IDS));
                    q.setRecursionDesired(true);
                    q.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(p.name, p.type));
                    ch.writeAndFlush(q);
                    loop.schedule(() -> {
                        once.accept(DnsAnswer.failed("no TCP answer from " + DnsEngine.hostPort(p.server)));
                        ch.close();
                    }, timeoutNanos, TimeUnit.NANOSECONDS);
                });
    }

    @Override
    public void close() {
        sweeper.cancel(false);
        channel.close();
    }
}
