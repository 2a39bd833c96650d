package com.asmm8.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A DNS-over-UDP relay on 127.0.0.1 that loses packets, for benchmarks: {@code LossyUdpProxy
 * UPSTREAM_HOST:PORT LOSS_PERCENT} prints the port it listens on, then relays until killed.
 * Each packet, query or answer, is dropped with probability LOSS_PERCENT / 100 (as a lossy link
 * does both ways: a query's round trip is lost with about twice that). Queries go upstream from
 * one socket with their DNS id swapped for the relay's own, and the answers back to whoever asked
 * with the original id. Used by bench/dns-benchmark.sh (LOSS=3); the kernel here has no netem.
 */
public final class LossyUdpProxy {

    private static final int IDS = 1 << 16;

    private final SocketAddress[] askers = new SocketAddress[IDS];
    private final short[] askedIds = new short[IDS];
    private final double loss;
    private final DatagramChannel front;
    private final DatagramChannel back;
    private int nextId;

    private LossyUdpProxy(InetSocketAddress upstream, double loss) throws IOException {
        this.loss = loss;
        front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)).connect(upstream);
        for (DatagramChannel c : new DatagramChannel[]{front, back}) {
            c.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            c.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
        }
    }

    public static void main(String[] args) throws Exception {
        String[] hp = args[0].split(":");
        LossyUdpProxy p = new LossyUdpProxy(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])),
                Double.parseDouble(args[1]) / 100);
        System.out.println(((InetSocketAddress) p.front.getLocalAddress()).getPort());
        System.out.flush();
        Thread answers = new Thread(p::answers, "answers");
        answers.setDaemon(true);
        answers.start();
        p.queries();
    }

    private boolean lost() {
        return ThreadLocalRandom.current().nextDouble() < loss;
    }

    private void queries() {
        ByteBuffer b = ByteBuffer.allocateDirect(65536);
        try {
            while (true) {
                b.clear();
                SocketAddress from = front.receive(b);
                b.flip();
                if (b.remaining() < 12 || lost()) {
                    continue;
                }
                int id;
                synchronized (this) {
                    id = nextId;
                    nextId = (nextId + 1) & (IDS - 1);
                    askers[id] = from;
                    askedIds[id] = b.getShort(0);
                }
                b.putShort(0, (short) id);
                back.write(b);
            }
        } catch (IOException e) {
            System.err.println("relay stopped: " + e);
        }
    }

    private void answers() {
        ByteBuffer b = ByteBuffer.allocateDirect(65536);
        try {
            while (true) {
                b.clear();
                back.receive(b);
                b.flip();
                if (b.remaining() < 12 || lost()) {
                    continue;
                }
                int id = b.getShort(0) & 0xffff;
                SocketAddress to;
                short asked;
                synchronized (this) {
                    to = askers[id];
                    asked = askedIds[id];
                }
                if (to != null) {
                    b.putShort(0, asked);
                    front.send(b, to);
                }
            }
        } catch (IOException e) {
            System.err.println("relay stopped: " + e);
        }
    }
}
