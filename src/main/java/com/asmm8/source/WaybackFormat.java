package com.asmm8.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Wayback Machine's CDX index ({@code cdx?url=*.<domain>/*&output=txt&fl=original&collapse=urlkey}):
 * one archived URL per line; the name is the URL's host.
 */
final class WaybackFormat implements SourceFormat {

    @Override
    public String url(String base, String domain) {
        return base + "?url=" + URLEncoder.encode("*." + domain + "/*", StandardCharsets.UTF_8)
                + "&output=txt&fl=original&collapse=urlkey";
    }

    @Override
    public long parse(InputStream body, Writer out) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(SourceFormat.notHtml(body), StandardCharsets.UTF_8));
        long n = 0;
        String line;
        while ((line = r.readLine()) != null) {
            String host = host(line.strip());
            if (host != null) {
                out.write(host);
                out.write('\n');
                n++;
            }
        }
        return n;
    }

    /** The host of an archived URL ({@code http://user@host:80/path?q}), or null. */
    static String host(String url) {
        int s = url.indexOf("://");
        if (s < 0) {
            return null;
        }
        int start = s + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = authority.indexOf(':');
        String host = colon < 0 ? authority : authority.substring(0, colon);
        return host.isEmpty() ? null : host;
    }
}
