package com.asmm8.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The batches of one scan that could not be written while the database was away, kept on disk in
 * the scan's staging folder (never in memory) in the order they came, one {@code tool<TAB>name}
 * line per name, until they are replayed. Files are segments: each holds the batches of one statement kind;
 * a segment read to its end is deleted. Not thread-safe: its owner ({@link Spooler}) locks.
 */
final class Spool {

    /** Names of one tool read from the oldest segment; {@link #consumed} once written. */
    record Batch(String kind, String tool, List<String> names, long endOffset) {
    }

    private static final class Segment {
        final Path file;
        final String kind;
        long readOffset;

        Segment(Path file, String kind) {
            this.file = file;
            this.kind = kind;
        }
    }

    private final Path dir;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private int nextSegment;
    private long pending;

    Spool(Path dir) {
        this.dir = dir;
    }

    /** Appends a batch printed by {@code tool}, to be written by the statement {@code kind} ({@link BatchWrites}). */
    void append(String kind, String tool, List<String> names) throws IOException {
        Segment last = segments.peekLast();
        if (last == null || !last.kind.equals(kind)) {
            last = new Segment(dir.resolve("spool-" + nextSegment++ + "-" + kind + ".tsv"), kind);
            segments.add(last);
        }
        try (BufferedWriter w = Files.newBufferedWriter(last.file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (String n : names) {
                w.write(tool);
                w.write('\t');
                w.write(n);
                w.write('\n');
            }
        }
        pending += names.size();
    }

    /** Names spooled and not yet consumed. */
    long pending() {
        return pending;
    }

    /** The next names to write (at most {@code max}, all of one tool), or null when the spool is empty. */
    Batch peek(int max) throws IOException {
        while (!segments.isEmpty()) {
            Segment s = segments.peekFirst();
            Batch b = read(s, max);
            if (b != null) {
                return b;
            }
            segments.removeFirst();
            Files.deleteIfExists(s.file);
        }
        return null;
    }

    /** The batch {@link #peek} gave has been written (or given up): the spool moves past it. */
    void consumed(Batch b) {
        Segment s = segments.peekFirst();
        if (s != null && s.kind.equals(b.kind())) {
            s.readOffset = b.endOffset();
        }
        pending -= b.names().size();
    }

    /** Deletes everything spooled; returns how many names that was. */
    long dropAll() throws IOException {
        for (Segment s : segments) {
            Files.deleteIfExists(s.file);
        }
        segments.clear();
        long n = pending;
        pending = 0;
        return n;
    }

    private static Batch read(Segment s, int max) throws IOException {
        return read(s.file, s.readOffset, max, s.kind);
    }

    /** The spool file's sink kind ({@code spool-N-<kind>.tsv}), or null for another file. */
    static String kind(Path file) {
        String n = file.getFileName().toString();
        if (!n.startsWith("spool-") || !n.endsWith(".tsv")) {
            return null;
        }
        int dash = n.indexOf('-', "spool-".length());
        return dash < 0 ? null : n.substring(dash + 1, n.length() - ".tsv".length());
    }

    /** At most {@code max} names of one tool from {@code file} at byte {@code offset}, or null at its end. */
    static Batch read(Path file, long offset, int max, String kind) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(offset);
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024);
            List<String> names = new ArrayList<>();
            String tool = null;
            long end = offset;
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            while (names.size() < max) {
                line.reset();
                int c;
                while ((c = in.read()) != -1 && c != '\n') {
                    line.write(c);
                }
                if (c == -1) {
                    break; // a line without its newline is one still being appended: not yet
                }
                String l = line.toString(StandardCharsets.UTF_8);
                int tab = l.indexOf('\t');
                String lineTool = l.substring(0, Math.max(tab, 0));
                if (tool != null && !tool.equals(lineTool)) {
                    break;
                }
                tool = lineTool;
                names.add(l.substring(tab + 1));
                end += line.size() + 1;
            }
            return names.isEmpty() ? null : new Batch(kind, tool, names, end);
        }
    }
}
