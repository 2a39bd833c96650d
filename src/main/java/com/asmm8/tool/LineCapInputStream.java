package com.asmm8.tool;

import java.io.IOException;
import java.io.InputStream;

/**
 * A tool's output as complete lines, in bounded memory. A carriage return not followed by a line
 * feed means the tool redrew its line (a progress bar): what came before it is dropped at once,
 * never rescanned. A line longer than the cap is not kept: it is cut, read to its end without
 * holding it, and handed on as one marker line that no hostname check accepts (so it is counted as
 * a rejected line). This stream never holds more than the cap plus one read buffer.
 */
public final class LineCapInputStream extends InputStream {

    /** What an over-long line becomes: not a hostname, visible in the tool's rejected count. */
    static final byte[] OVERSIZED = "#line over the length cap, not read\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int bufPos;
    private int bufLen;
    private final byte[] line;
    private int lineLen;
    private boolean oversized;
    private boolean pendingCr;
    private boolean eof;
    private byte[] out;
    private int outPos;
    private int outLen;
    private long cut;

    /** @param cap the longest line kept, in bytes */
    public LineCapInputStream(InputStream in, int cap) {
        this.in = in;
        this.line = new byte[cap + 1];
    }

    /** How many lines were over the cap. */
    public long cutLines() {
        return cut;
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
        while (outPos >= outLen) {
            if (!nextLine()) {
                return -1;
            }
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    /** Reads on until one complete line (with its line feed) is ready in {@code out}; false at the end. */
    private boolean nextLine() throws IOException {
        while (true) {
            if (bufPos >= bufLen) {
                if (eof) {
                    return lastLine();
                }
                bufLen = in.read(buf, 0, buf.length);
                bufPos = 0;
                if (bufLen < 0) {
                    bufLen = 0;
                    eof = true;
                    continue;
                }
            }
            byte c = buf[bufPos++];
            if (pendingCr) {
                pendingCr = false;
                if (c != '\n') { // a redraw: the line starts again
                    lineLen = 0;
                    oversized = false;
                }
            }
            if (c == '\n') {
                emit();
                return true;
            } else if (c == '\r') {
                pendingCr = true;
            } else if (!oversized) {
                if (lineLen == line.length - 1) {
                    oversized = true;
                    lineLen = 0;
                } else {
                    line[lineLen++] = c;
                }
            }
        }
    }

    private boolean lastLine() {
        if (lineLen == 0 && !oversized) {
            return false;
        }
        emit();
        return true;
    }

    private void emit() {
        if (oversized) {
            cut++;
            out = OVERSIZED;
            outLen = OVERSIZED.length;
        } else {
            line[lineLen] = '\n';
            out = line;
            outLen = lineLen + 1;
        }
        outPos = 0;
        lineLen = 0;
        oversized = false;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
