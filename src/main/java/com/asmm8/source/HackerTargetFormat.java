package com.asmm8.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * HackerTarget's host search ({@code hostsearch/?q=<domain>}): one {@code host,address} line per
 * name. Its errors come with status 200 as a single line of text ("error check your search
 * parameter", "API count exceeded - Increase Quota with Membership"): a first line that is not
 * {@code host,address} is such an error.
 */
final class HackerTargetFormat implements SourceFormat {

    @Override
    public String url(String base, String domain) {
        return base + "?q=" + URLEncoder.encode(domain, StandardCharsets.UTF_8);
    }

    @Override
    public long parse(InputStream body, Writer out) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(SourceFormat.notHtml(body), StandardCharsets.UTF_8));
        long n = 0;
        String line;
        boolean first = true;
        while ((line = r.readLine()) != null) {
            int comma = line.indexOf(',');
            if (first && comma < 0 && !line.isBlank()) {
                throw new SourceAnswerException("the source answered with an error: "
                        + line.substring(0, Math.min(200, line.length())).strip());
            }
            first = false;
            if (comma > 0) {
                out.write(line, 0, comma);
                out.write('\n');
                n++;
            }
        }
        return n;
    }
}
