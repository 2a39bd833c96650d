package com.asmm8.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Streams a JSON answer token by token (never the whole body in memory) and writes every string
 * at one of the name paths, one per line; scalars at the other paths (a cursor, a "more" flag, the
 * last id) are kept, the last one of each (of a kept array, its values joined by commas). A path names fields from the top, {@code []} for the
 * elements of an array: {@code data[].id}, {@code [].dns_names[]}, {@code meta.cursor}.
 */
final class JsonValues {

    private static final JsonFactory JSON = new JsonFactory();

    /** What an answer held beside its names: the kept scalars, by path. */
    record Read(long names, Map<String, String> kept) {
        String get(String path) {
            String v = kept.get(path);
            return v == null || v.isBlank() ? null : v;
        }
    }

    private JsonValues() {
    }

    /**
     * @param names the paths whose strings are names, written through {@code name} (null: as they are;
     *              a function returning null skips the value)
     * @param keep  the paths of the scalars to keep
     */
    static Read read(InputStream body, Writer out, Set<String> names, UnaryOperator<String> name, Set<String> keep)
            throws IOException {
        long n = 0;
        Map<String, String> kept = new HashMap<>();
        Deque<String> path = new ArrayDeque<>();
        try (JsonParser p = JSON.createParser(SourceFormat.notHtml(body))) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new SourceAnswerException("the answer is empty, not JSON");
            }
            int depth = 0;
            do {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        depth++;
                        path.addLast(t == JsonToken.START_ARRAY ? "[]" : "{}");
                        if (t == JsonToken.START_ARRAY && keep.contains(pathOf(path))) {
                            kept.put(pathOf(path), ""); // a kept array: its scalars joined, the last array's
                        }
                    }
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        path.pollLast();
                        popField(path);
                    }
                    case FIELD_NAME -> path.addLast("." + p.currentName());
                    default -> {
                        String at = pathOf(path);
                        if (t == JsonToken.VALUE_STRING && names.contains(at)) {
                            String v = name == null ? p.getText().strip() : name.apply(p.getText().strip());
                            if (v != null && !v.isEmpty()) {
                                out.write(v);
                                out.write('\n');
                                n++;
                            }
                        } else if (keep.contains(at)) {
                            String prev = kept.get(at);
                            kept.put(at, at.endsWith("[]") && prev != null && !prev.isEmpty() ? prev + "," + p.getText() : p.getText());
                        }
                        popField(path);
                    }
                }
            } while (depth > 0 && (t = p.nextToken()) != null);
            if (depth > 0) {
                throw new SourceAnswerException("the answer was cut short (incomplete JSON after " + n + " names)");
            }
        } catch (JsonEOFException e) {
            throw new SourceAnswerException("the answer was cut short (incomplete JSON after " + n + " names)", e);
        } catch (StreamReadException e) {
            throw new SourceAnswerException("the answer is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return new Read(n, kept);
    }

    /** After a field's value: the field leaves the path. */
    private static void popField(Deque<String> path) {
        if (!path.isEmpty() && path.peekLast().startsWith(".")) {
            path.pollLast();
        }
    }

    /** The path as written in a spec: {@code data[].id} ({@code {}} markers of objects left out). */
    private static String pathOf(Deque<String> path) {
        StringBuilder b = new StringBuilder();
        for (String s : path) {
            if (!s.equals("{}")) {
                b.append(s);
            }
        }
        return b.length() > 0 && b.charAt(0) == '.' ? b.substring(1) : b.toString();
    }
}
