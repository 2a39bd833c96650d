package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of a domain found in any text (an HTML page, URLs, index lines), as subfinder's extractor
 * finds them: {@code [a-z0-9*_.-]+\.<domain>}, case-insensitive (the domain's dots literal). Read
 * in chunks that overlap by more than a name's length, so a long page is never held whole and a
 * name across two chunks is still found (the ingest drops the repeats).
 */
final class NameScan {

    private static final int CHUNK = 64 * 1024;
    private static final int OVERLAP = 300;

    private final Pattern pattern;

    NameScan(String domain) {
        this.pattern = Pattern.compile("(?i)[a-z0-9*_.-]+\\." + Pattern.quote(domain) + "(?![a-z0-9-])");
    }

    /**
     * A name transform for {@link JsonValues#read} that scans each value (a URL, a code fragment)
     * for names, writes them to {@code out} and counts them in {@code n[0]}; the value itself is
     * not a name (null).
     */
    java.util.function.UnaryOperator<String> namesIn(Writer out, long[] n) {
        return text -> {
            try {
                n[0] += write(new java.io.StringReader(text), out, null, null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        };
    }

    /** Writes every name the text holds; returns how many were written. */
    long write(InputStream body, Writer out) throws IOException {
        return write(new InputStreamReader(body, StandardCharsets.UTF_8), out, null, null);
    }

    /**
     * Writes every name of the text; when {@code also} is given, the last match of it (its group 1)
     * is put in {@code found[0]} (a next page's link, the last page's number).
     */
    long write(Reader in, Writer out, Pattern also, String[] found) throws IOException {
        char[] buf = new char[CHUNK + OVERLAP];
        int carry = 0;
        long n = 0;
        while (true) {
            int read = in.read(buf, carry, CHUNK);
            boolean end = read < 0;
            int len = carry + Math.max(read, 0);
            if (len == 0) {
                return n;
            }
            String text = new String(buf, 0, len);
            // a match starting in the last OVERLAP characters may go on in the next chunk: it is
            // left to the next round, which starts after the last match written (names are < 300)
            int safe = end ? len : Math.max(0, len - OVERLAP);
            int next = safe;
            Matcher m = pattern.matcher(text);
            while (m.find() && m.start() < safe) {
                String name = m.group().toLowerCase();
                while (name.startsWith("*.") || name.startsWith(".")) {
                    name = name.substring(name.startsWith("*.") ? 2 : 1);
                }
                out.write(name);
                out.write('\n');
                n++;
                next = Math.max(safe, m.end());
            }
            if (also != null) {
                Matcher a = also.matcher(text);
                while (a.find()) {
                    found[0] = a.group(1);
                }
            }
            if (end) {
                return n;
            }
            carry = len - next;
            System.arraycopy(buf, next, buf, 0, carry);
        }
    }
}
