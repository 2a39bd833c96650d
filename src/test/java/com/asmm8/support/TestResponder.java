package com.asmm8.support;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.TcpDnsQueryDecoder;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small authoritative DNS responder on 127.0.0.1 (UDP and TCP on one port) for what dnsmasq
 * and knot cannot do: wildcards whose addresses rotate, CNAME wildcards whose target echoes the
 * queried label, SERVFAIL subtrees, dropped packets, truncated UDP answers, and a resolver that
 * answers everything (or nothing). Zone rules follow RFC 4592: a name that exists (or has names
 * under it: an empty non-terminal, NOERROR without records) is answered from its own records; a
 * name that does not is answered by the wildcard of its closest encloser, else NXDOMAIN.
 */
public final class TestResponder implements AutoCloseable {

    /** A record: type A, AAAA or CNAME, and its value (an address, or a target name). */
    public record Rec(String type, String value) {
        public static Rec a(String ip) {
            return new Rec("A", ip);
        }

        public static Rec aaaa(String ip) {
            return new Rec("AAAA", ip);
        }

        public static Rec cname(String target) {
            return new Rec("CNAME", target);
        }
    }

    private final Map<String, List<Rec>> names = new ConcurrentHashMap<>();
    private final Set<String> nodes = ConcurrentHashMap.newKeySet();
    /** Wildcards by the name they sit under: the records for a queried name. */
    private final Map<String, Function<String, List<Rec>>> wildcards = new ConcurrentHashMap<>();
    private final Set<String> servfail = ConcurrentHashMap.newKeySet();
    private final Set<String> truncated = ConcurrentHashMap.newKeySet();
    private volatile double dropRate;
    private volatile boolean answerEverything;
    private volatile boolean silent;
    private volatile boolean dropFirstAsk;
    private final Set<String> askedOnce = ConcurrentHashMap.newKeySet();
    public final AtomicLong udpQueries = new AtomicLong();
    public final AtomicLong tcpQueries = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    /** Questions for a random label of the wildcard probes' form ({@code zz} and 14 letters) under a parent. */
    public final java.util.Map<String, AtomicLong> probes = new ConcurrentHashMap<>();

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel udp;
    private final Channel tcp;
    private final int port;

    public TestResponder() throws InterruptedException {
        Bootstrap udpServer = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<NioDatagramChannel>() {
                    @Override
                    protected void initChannel(NioDatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new SimpleChannelInboundHandler<DatagramDnsQuery>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery q) {
                                        udpQueries.incrementAndGet();
                                        if (silent || dropRate > 0 && ThreadLocalRandom.current().nextDouble() < dropRate
                                                || dropFirstAsk && askedOnce.add(q.recordAt(DnsSection.QUESTION).name()
                                                        + "/" + q.recordAt(DnsSection.QUESTION).type())) {
                                            dropped.incrementAndGet();
                                            return;
                                        }
                                        DatagramDnsResponse r = new DatagramDnsResponse(q.recipient(), q.sender(), q.id());
                                        answer(q, r, true);
                                        ctx.writeAndFlush(r);
                                    }
                                });
                    }
                });
        ServerBootstrap tcpServer = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new TcpDnsQueryDecoder(), new TcpDnsResponseEncoder(),
                                new SimpleChannelInboundHandler<DnsQuery>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DnsQuery q) {
                                        tcpQueries.incrementAndGet();
                                        DnsResponse r = new DefaultDnsResponse(q.id());
                                        answer(q, r, false);
                                        ctx.writeAndFlush(r);
                                    }
                                });
                    }
                });
        // a free UDP port, then TCP on the same one; that port may be taken for TCP (another
        // process's connection): then another UDP port
        for (int attempt = 1;; attempt++) {
            Channel u = udpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            int p = ((InetSocketAddress) u.localAddress()).getPort();
            ChannelFuture t = tcpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p)).await();
            if (t.isSuccess()) {
                udp = u;
                tcp = t.channel();
                port = p;
                break;
            }
            u.close().sync();
            if (attempt == 20) {
                throw new IllegalStateException("no port free for both UDP and TCP", t.cause());
            }
        }
    }

    /** {@code 127.0.0.1:port}, as ASMM8_RESOLVERS takes it. */
    public String resolver() {
        return "127.0.0.1:" + port;
    }

    public TestResponder name(String name, Rec... records) {
        String n = norm(name);
        names.put(n, List.of(records));
        for (String s = n; s.contains("."); s = s.substring(s.indexOf('.') + 1)) {
            nodes.add(s);
        }
        return this;
    }

    /** The name no longer exists (its parents stay). */
    public TestResponder remove(String name) {
        names.remove(norm(name));
        nodes.remove(norm(name));
        return this;
    }

    /** {@code *.parent} answering the same records for every name. */
    public TestResponder wildcard(String parent, Rec... records) {
        return wildcard(parent, q -> List.of(records));
    }

    /** {@code *.parent}, its records computed per query (rotating, label-echo). */
    public TestResponder wildcard(String parent, Function<String, List<Rec>> records) {
        wildcards.put(norm(parent), records);
        nodes.add(norm(parent));
        return this;
    }

    /** Every name at or under {@code parent} gets SERVFAIL. */
    public TestResponder servfail(String parent) {
        servfail.add(norm(parent));
        return this;
    }

    /** The UDP answer for {@code name} is truncated (TC set, no records): only TCP gets it. */
    public TestResponder truncate(String name) {
        truncated.add(norm(name));
        return this;
    }

    /** This share of UDP queries is dropped without an answer. */
    public TestResponder drop(double rate) {
        dropRate = rate;
        return this;
    }

    /** The first UDP query for each name and type is dropped, every later one answered. */
    public TestResponder dropFirstAsk() {
        dropFirstAsk = true;
        return this;
    }

    /** Answers 192.0.2.66 for any name at all (a resolver that invents answers). */
    public TestResponder answerEverything() {
        answerEverything = true;
        return this;
    }

    /** Answers nothing (a dead resolver that still has an open port). */
    public TestResponder silent() {
        silent = true;
        return this;
    }

    private static String norm(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private void answer(DnsQuery q, DnsResponse r, boolean overUdp) {
        DnsQuestion question = q.recordAt(DnsSection.QUESTION);
        r.addRecord(DnsSection.QUESTION, question);
        r.setAuthoritativeAnswer(true).setRecursionAvailable(true);
        String qname = norm(question.name());
        DnsRecordType type = question.type();
        int dot = qname.indexOf('.');
        if (dot == 16 && qname.startsWith("zz")) {
            probes.computeIfAbsent(type.name() + " " + qname.substring(dot + 1), k -> new AtomicLong()).incrementAndGet();
        }
        if (answerEverything) {
            if (type == DnsRecordType.A) {
                add(r, qname, Rec.a("192.0.2.66"));
            }
            return;
        }
        for (String s = qname;; s = s.substring(s.indexOf('.') + 1)) {
            if (servfail.contains(s)) {
                r.setCode(DnsResponseCode.SERVFAIL);
                return;
            }
            if (!s.contains(".")) {
                break;
            }
        }
        if (overUdp && truncated.contains(qname)) {
            r.setTruncated(true);
            return;
        }
        List<Rec> recs = names.get(qname);
        if (recs == null && !nodes.contains(qname)) {
            recs = wildcardFor(qname);
            if (recs == null) {
                r.setCode(DnsResponseCode.NXDOMAIN);
                return;
            }
        }
        if (recs == null) {
            return; // an empty non-terminal: NOERROR, no records
        }
        Set<String> seen = new HashSet<>();
        String owner = qname;
        while (recs != null && seen.add(owner)) {
            String next = null;
            for (Rec rec : recs) {
                if (rec.type().equals("CNAME")) {
                    add(r, owner, rec);
                    next = norm(rec.value());
                } else if (rec.type().equals(type.name())) {
                    add(r, owner, rec);
                }
            }
            if (next == null) {
                break;
            }
            owner = next;
            recs = names.get(owner);
            if (recs == null && !nodes.contains(owner)) {
                recs = wildcardFor(owner); // a target a wildcard answers, as a recursive resolver follows it
            }
        }
    }

    /** The records of the wildcard at the closest encloser of a name that does not exist, or null. */
    private List<Rec> wildcardFor(String qname) {
        for (String s = qname; s.contains(".");) {
            s = s.substring(s.indexOf('.') + 1);
            if (nodes.contains(s) || names.containsKey(s)) {
                Function<String, List<Rec>> w = wildcards.get(s);
                return w == null ? null : w.apply(qname);
            }
        }
        return null;
    }

    private static void add(DnsResponse r, String owner, Rec rec) {
        byte[] data;
        try {
            data = switch (rec.type()) {
                case "A", "AAAA" -> InetAddress.getByName(rec.value()).getAddress();
                default -> encodeName(norm(rec.value()));
            };
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        r.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(owner + ".", DnsRecordType.valueOf(rec.type()), 60,
                Unpooled.wrappedBuffer(data)));
    }

    private static byte[] encodeName(String name) {
        List<Byte> out = new ArrayList<>();
        for (String label : name.split("\\.")) {
            out.add((byte) label.length());
            for (char c : label.toCharArray()) {
                out.add((byte) c);
            }
        }
        out.add((byte) 0);
        byte[] b = new byte[out.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = out.get(i);
        }
        return b;
    }

    @Override
    public void close() {
        udp.close();
        tcp.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
