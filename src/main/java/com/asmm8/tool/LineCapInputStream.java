package com.asmm8.tool;

import com.asmm8.util.ChunkedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A tool's output as complete lines, in bounded memory. A carriage return not followed by a line
 * feed means the tool redrew its line (a progress bar): what came before it is dropped at once,
 * never rescanned. A line longer than the cap is not kept: it is cut, read to its end without
 * holding it, and handed on as one marker line that no hostname check accepts (so it is counted as
 * a rejected line). This stream never holds more than the cap plus one read buffer.
 */
public final class LineCapInputStream extends ChunkedInputStream {

    /** What an over-long line becomes: not a hostname, visible in the tool's rejected count. */
    static final byte[] OVERSIZED = "#line over the length cap, not read\n".getBytes(StandardCharsets.US_ASCII);

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

    /** The next complete line with its line feed (or the marker of a cut one); null at the end. */
    @Override
    protected byte[] nextChunk() throws IOException {
        return nextLine() ? out : null;
    }

    /** Reads on until one complete line (with its line feed) is in {@code out}; false at the end. */
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
        } else {
            line[lineLen] = '\n';
            out = Arrays.copyOf(line, lineLen + 1);
        }
        lineLen = 0;
        oversized = false;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
