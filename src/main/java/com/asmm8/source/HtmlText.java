package com.asmm8.source;

import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text of an HTML page a scraped source answers with (RapidDNS, SiteDossier, Digitorus),
 * read as it streams. {@link #complete} tells whether the page's closing {@code </html>} came: a
 * page cut short is a failed answer, not fewer names; a page whose title says it is an error (a
 * CDN's challenge, a rate limit) fails at once.
 */
final class HtmlText extends FilterReader {

    private static final java.util.regex.Pattern ERROR_TITLE = java.util.regex.Pattern.compile(
            "(?is)<title>\\s*([^<]*(?:just a moment|attention required|access denied|forbidden|too many requests|captcha|error|"
                    + "unavailable|rate limit)[^<]*)</title>");

    private final StringBuilder tail = new StringBuilder();
    private final StringBuilder head = new StringBuilder();
    private boolean closed;

    HtmlText(InputStream body) {
        super(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        int n = super.read(cbuf, off, len);
        if (n > 0 && head.length() < 4096) {
            // an error page in place of the data (a CDN's challenge, a rate-limit page), often with 200
            head.append(cbuf, off, Math.min(n, 4096 - head.length()));
            java.util.regex.Matcher m = ERROR_TITLE.matcher(head);
            if (m.find()) {
                throw new SourceAnswerException("the answer is an error page, not data (" + m.group(1).strip() + ")");
            }
        }
        if (n > 0 && !closed) {
            tail.append(cbuf, off, n);
            if (tail.toString().toLowerCase(Locale.ROOT).contains("</html")) {
                closed = true;
            }
            if (tail.length() > 16) {
                tail.delete(0, tail.length() - 16);
            }
        }
        return n;
    }

    /** Fails the answer when the page never closed. */
    void complete(long names) throws SourceAnswerException {
        if (!closed) {
            throw new SourceAnswerException("the page was cut short (no closing </html> after " + names + " names)");
        }
    }

    static Reader of(InputStream body) {
        return new HtmlText(body);
    }
}
