package com.asmm8.tool;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads a file that a running tool is still writing, like {@code tail -f}: at the end of the
 * data it waits for more until the tool has ended, then reports end of stream. This is what lets
 * hostnames reach the database while a long tool still runs, without ever holding its output in
 * memory. A deadline guards against a tool whose end is never signalled.
 *
 * <p>{@link #utf8(InputStream)} wraps it so that bytes that are not valid UTF-8 (tools do print
 * binary junk) become U+FFFD instead of aborting the line reader downstream.
 */
public final class FollowingInputStream extends InputStream {

    private static final long POLL_MS = 50;

    private final File file;
    private final CountDownLatch ended;
    private final long deadlineNanos;
    private FileInputStream in;

    public FollowingInputStream(File file, CountDownLatch ended, long maxWaitMs) {
        this.file = file;
        this.ended = ended;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            boolean done = ended.getCount() == 0 || System.nanoTime() > deadlineNanos;
            if (in == null && file.exists()) {
                in = new FileInputStream(file);
            }
            if (in != null) {
                int n = in.read(b, off, len);
                if (n > 0) {
                    return n;
                }
            }
            if (done) {
                // the tool has ended: one last read picks up what it wrote just before
                if (in == null && file.exists()) {
                    in = new FileInputStream(file);
                }
                int n = in == null ? -1 : in.read(b, off, len);
                return n > 0 ? n : -1;
            }
            try {
                ended.await(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while following " + file, e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }

    /** The same bytes where valid UTF-8, with every malformed sequence replaced by U+FFFD. */
    public static InputStream utf8(InputStream raw) {
        java.io.Reader reader = new java.io.InputStreamReader(raw, java.nio.charset.StandardCharsets.UTF_8);
        return new InputStream() {
            private final char[] chars = new char[8192];
            private byte[] pending = new byte[0];
            private int pos;
            private int carried; // a high surrogate kept from the last read, joined with its low half

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (pos >= pending.length) {
                    int n = reader.read(chars, carried, chars.length - carried);
                    if (n < 0) {
                        if (carried == 0) {
                            return -1;
                        }
                        n = 0;
                    }
                    int total = carried + n;
                    carried = 0;
                    if (n > 0 && total > 1 && Character.isHighSurrogate(chars[total - 1])) {
                        total--;
                        carried = 1;
                    }
                    pending = new String(chars, 0, total).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    if (carried == 1) {
                        chars[0] = chars[total];
                    }
                    pos = 0;
                    if (pending.length == 0 && carried == 0 && n == 0) {
                        return -1;
                    }
                }
                int k = Math.min(len, pending.length - pos);
                System.arraycopy(pending, pos, b, off, k);
                pos += k;
                return k;
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }
}
