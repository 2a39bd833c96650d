package com.asmm8.ingest;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The lines of a tool's output as the ingest route's splitter takes them, each handed over the
 * moment it is complete. The splitter asks {@code hasNext()} right after each line (to flag the
 * last one); a reader answering that question would wait for the next line, so a name printed
 * before a pause would wait for the pause to end. Here {@code hasNext()} never reads: it is true
 * until the end of the output has been met, and the end comes as one more, empty line (no name)
 * that carries the splitter's "complete" flag.
 */
public class OutputLines {

    /** The output's lines, then one empty line at its end. */
    public Iterator<String> lines(InputStream output) {
        return new Lines(output);
    }

    private static final class Lines implements Iterator<String>, Closeable {
        private final BufferedReader reader;
        private boolean ended;

        Lines(InputStream in) {
            reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8192);
        }

        @Override
        public boolean hasNext() {
            return !ended;
        }

        @Override
        public String next() {
            if (ended) {
                throw new NoSuchElementException();
            }
            try {
                String line = reader.readLine();
                if (line == null) {
                    ended = true;
                    return "";
                }
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Error e) {
                // the splitter lets an Error through its catch of Exception: hand it on as an
                // exception, so the read-output route records the tool as failed with the reason
                throw new IllegalStateException("reading the output failed: " + e, e);
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
