package com.asmm8.tool;

import com.asmm8.util.ChunkedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
public final class FollowingInputStream extends ChunkedInputStream {

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
    protected byte[] nextChunk() throws IOException {
        byte[] buf = new byte[8192];
        while (true) {
            boolean done = ended.getCount() == 0 || System.nanoTime() > deadlineNanos;
            if (in == null && file.exists()) {
                in = new FileInputStream(file);
            }
            int n = in == null ? -1 : in.read(buf);
            if (n > 0) {
                return Arrays.copyOf(buf, n);
            }
            if (done) {
                // the tool had ended before this read: nothing more will come
                return null;
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
        Reader reader = new InputStreamReader(raw, StandardCharsets.UTF_8);
        return new ChunkedInputStream() {
            private final char[] chars = new char[8192];
            private int carried; // a high surrogate kept from the last read, joined with its low half

            @Override
            protected byte[] nextChunk() throws IOException {
                while (true) {
                    int n = reader.read(chars, carried, chars.length - carried);
                    if (n < 0) {
                        if (carried == 0) {
                            return null;
                        }
                        carried = 0;
                        return new String(chars, 0, 1).getBytes(StandardCharsets.UTF_8);
                    }
                    int total = carried + n;
                    carried = 0;
                    if (total > 1 && Character.isHighSurrogate(chars[total - 1])) {
                        total--;
                        carried = 1;
                    }
                    byte[] out = new String(chars, 0, total).getBytes(StandardCharsets.UTF_8);
                    if (carried == 1) {
                        chars[0] = chars[total];
                    }
                    if (out.length > 0) {
                        return out;
                    }
                }
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }
}
