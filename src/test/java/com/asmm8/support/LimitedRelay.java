package com.asmm8.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A public resolver's manners in front of a real DNS server: a UDP relay on its own loopback
 * address that answers REFUSED to every question above {@code rate} per second (as the large
 * public resolvers do to one client address; no forward, no wait), and drops {@code lossPercent}
 * of the questions it would forward (a lossy path), and holds each answer {@code delayMs} (a slow,
 * far resolver). What it forwards goes to the server behind it
 * with an id of its own, and the answer back to the asker with the asker's id. The public
 * resolvers themselves are not reachable from this machine; their rate limit and loss are.
 */
public final class LimitedRelay implements AutoCloseable {

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress server;
    private final int rate;
    private final int lossPercent;
    private final long delayMs;
    private final java.util.concurrent.ScheduledExecutorService later = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "relay-delay");
                t.setDaemon(true);
                return t;
            });
    private final SocketAddress[] askers = new SocketAddress[65536];
    private final short[] ids = new short[65536];
    private int nextId;
    private long windowStart = System.nanoTime();
    private int inWindow;
    public final AtomicLong refused = new AtomicLong();
    public final AtomicLong forwarded = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();

    /**
     * @param rate        questions per second answered (0 = every one)
     * @param lossPercent questions silently dropped, of those within the rate
     */
    public LimitedRelay(String address, String serverHostPort, int rate, int lossPercent) throws IOException {
        this(address, serverHostPort, rate, lossPercent, 0);
    }

    /** @param delayMs each answer held this long before it goes back (a slow, far resolver) */
    public LimitedRelay(String address, String serverHostPort, int rate, int lossPercent, long delayMs) throws IOException {
        this.delayMs = delayMs;
        String[] hp = serverHostPort.split(":");
        this.server = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
        this.rate = rate;
        this.lossPercent = lossPercent;
        front = new DatagramSocket(0, InetAddress.getByName(address));
        front.setReceiveBufferSize(4 << 20);
        back = new DatagramSocket(0, InetAddress.getByName(address));
        back.setReceiveBufferSize(4 << 20);
        Thread in = new Thread(this::questions, "relay-in-" + address);
        Thread out = new Thread(this::answers, "relay-out-" + address);
        in.setDaemon(true);
        out.setDaemon(true);
        in.start();
        out.start();
    }

    /** {@code address:port}, as a resolvers file holds it. */
    public String resolver() {
        return front.getLocalAddress().getHostAddress() + ":" + front.getLocalPort();
    }

    private boolean withinRate() {
        if (rate <= 0) {
            return true;
        }
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            inWindow = 0;
        }
        return ++inWindow <= rate;
    }

    private void questions() {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            while (true) {
                p.setLength(buf.length);
                front.receive(p);
                int n = p.getLength();
                if (n < 12) {
                    continue;
                }
                if (!withinRate()) {
                    buf[2] = (byte) (buf[2] | 0x80); // a response
                    buf[3] = (byte) ((buf[3] & 0xF0) | 0x80 | 5); // recursion available, rcode 5 REFUSED
                    front.send(new DatagramPacket(buf, n, p.getSocketAddress()));
                    refused.incrementAndGet();
                    continue;
                }
                if (lossPercent > 0 && ThreadLocalRandom.current().nextInt(100) < lossPercent) {
                    dropped.incrementAndGet();
                    continue;
                }
                int id;
                synchronized (this) {
                    id = nextId;
                    nextId = (nextId + 1) & 0xFFFF;
                    askers[id] = p.getSocketAddress();
                    ids[id] = (short) (((buf[0] & 0xFF) << 8) | (buf[1] & 0xFF));
                }
                buf[0] = (byte) (id >> 8);
                buf[1] = (byte) id;
                back.send(new DatagramPacket(buf, n, server));
                forwarded.incrementAndGet();
            }
        } catch (SocketException closed) {
            // closed
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void answers() {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            while (true) {
                p.setLength(buf.length);
                back.receive(p);
                if (p.getLength() < 12) {
                    continue;
                }
                int id = ((buf[0] & 0xFF) << 8) | (buf[1] & 0xFF);
                SocketAddress asker;
                short original;
                synchronized (this) {
                    asker = askers[id];
                    original = ids[id];
                    askers[id] = null;
                }
                if (asker == null) {
                    continue;
                }
                buf[0] = (byte) (original >> 8);
                buf[1] = (byte) original;
                DatagramPacket answer = new DatagramPacket(java.util.Arrays.copyOf(buf, p.getLength()), p.getLength(), asker);
                if (delayMs > 0) {
                    later.schedule(() -> {
                        try {
                            front.send(answer);
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    }, delayMs, java.util.concurrent.TimeUnit.MILLISECONDS);
                } else {
                    front.send(answer);
                }
            }
        } catch (SocketException closed) {
            // closed
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        later.shutdownNow();
        front.close();
        back.close();
    }
}
