package com.asmm8.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Tool output as complete lines in bounded memory: redraws dropped, over-long lines cut. */
class LineCapInputStreamTest {

    private static String read(String raw, int cap) throws IOException {
        try (InputStream in = new LineCapInputStream(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), cap)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void linesPassUnchangedAndCrLfIsALineEnd() throws IOException {
        assertEquals("a.example.com\nb.example.com\n", read("a.example.com\nb.example.com\n", 100));
        assertEquals("a.example.com\nb.example.com\n", read("a.example.com\r\nb.example.com", 100), "CRLF, and no newline at the end");
        assertEquals("\nx\n", read("\nx\n", 100));
        assertEquals("", read("", 100));
    }

    @Test
    void aCarriageReturnIsARedrawWhatCameBeforeIsDropped() throws IOException {
        assertEquals("found.example.com\n", read("[1%] scanning\r[50%] scanning\rfound.example.com\n", 100));
        assertEquals("www.example.com\n", read("[99%]\rwww.example.com", 100));
    }

    @Test
    void aLineOverTheCapIsCutAndMarkedTheNextLinesPass() throws IOException {
        String big = "x".repeat(1000);
        LineCapInputStream in = new LineCapInputStream(new ByteArrayInputStream(
                (big + "\nok.example.com\n" + big).getBytes(StandardCharsets.US_ASCII)), 64);
        String out = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        String marker = new String(LineCapInputStream.OVERSIZED, StandardCharsets.US_ASCII);
        assertEquals(marker + "ok.example.com\n" + marker, out);
        assertEquals(2, in.cutLines());
        assertEquals("y".repeat(64) + "\n", read("y".repeat(64) + "\n", 64), "exactly the cap is kept");
    }

    @Test
    void aHugeProgressBarWithoutNewlineIsReadInBoundedMemory() throws IOException {
        // 200 MB of redraws and no line feed, then a name: generated on the fly, never held
        InputStream endless = new InputStream() {
            private long left = 200_000_000L;
            private final byte[] tail = "\rlast.example.com\n".getBytes(StandardCharsets.US_ASCII);
            private int t;

            @Override
            public int read() {
                if (left > 0) {
                    left--;
                    return left % 80 == 0 ? '\r' : '#';
                }
                return t < tail.length ? tail[t++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c < 0) {
                        return n == 0 ? -1 : n;
                    }
                    b[off + n++] = (byte) c;
                }
                return n;
            }
        };
        String out = new String(new LineCapInputStream(endless, 65536).readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals("last.example.com\n", out);
    }
}
