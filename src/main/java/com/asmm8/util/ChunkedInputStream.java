package com.asmm8.util;

import java.io.IOException;
import java.io.InputStream;

/** An InputStream over a producer of byte chunks: subclasses say what comes next, this hands it out. */
public abstract class ChunkedInputStream extends InputStream {

    private byte[] chunk = new byte[0];
    private int pos;

    /** The next non-empty chunk, or null at the end of the stream. */
    protected abstract byte[] nextChunk() throws IOException;

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
        while (pos >= chunk.length) {
            byte[] next = nextChunk();
            if (next == null) {
                return -1;
            }
            chunk = next;
            pos = 0;
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
    }
}
