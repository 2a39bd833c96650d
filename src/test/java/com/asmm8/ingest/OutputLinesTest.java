package com.asmm8.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class OutputLinesTest {

    @Test
    void eachLineIsHandedOverWithoutWaitingForTheNextAndTheEndComesAsAnEmptyLine() throws Exception {
        PipedOutputStream tool = new PipedOutputStream();
        Iterator<String> lines = new OutputLines().lines(new PipedInputStream(tool, 1024));
        tool.write("www.example.com\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(lines.hasNext());
        assertEquals("www.example.com", lines.next());
        assertTrue(lines.hasNext(), "answered without reading: the tool has printed nothing more yet");
        tool.close();
        assertEquals("", lines.next(), "the end of the output");
        assertFalse(lines.hasNext());
    }

    @Test
    void anErrorWhileReadingBecomesAnExceptionNamingIt() {
        InputStream broken = new InputStream() {
            @Override
            public int read() {
                throw new OutOfMemoryError("Java heap space");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        Iterator<String> lines = new OutputLines().lines(broken);
        IllegalStateException e = assertThrows(IllegalStateException.class, lines::next);
        assertTrue(e.getMessage().contains("java.lang.OutOfMemoryError: Java heap space"), e.getMessage());
    }

    @Test
    void lastLineWithoutNewlineIsKept() {
        Iterator<String> lines = new OutputLines().lines(new ByteArrayInputStream("a\nb".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a", lines.next());
        assertEquals("b", lines.next());
        assertEquals("", lines.next());
        assertFalse(lines.hasNext());
    }
}
