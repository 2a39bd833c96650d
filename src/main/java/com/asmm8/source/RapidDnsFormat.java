package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * RapidDNS: {@code subdomain/<domain>?page=N&full=1}, an HTML table; the names are read from the
 * page's text, the last page's number from its pager links ({@code class="page-link" href=...?page=N}).
 * Keyless. The cursor is {@code page/last}.
 */
final class RapidDnsFormat implements SourceFormat {

    private static final Pattern LAST = Pattern.compile("class=\"page-link\" href=\"/subdomain/[^\"]+\\?page=(\\d+)\">");

    @Override
    public String url(String base, String domain) {
        return base + URLEncoder.encode(domain, StandardCharsets.UTF_8) + "?page=1&full=1";
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        String page = cursor == null ? "1" : cursor.substring(0, cursor.indexOf('/'));
        return new Request(base + URLEncoder.encode(domain, StandardCharsets.UTF_8) + "?page=" + page + "&full=1", Map.of());
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        String[] last = {null};
        HtmlText text = new HtmlText(body);
        long n = new NameScan(domain).write(text, out, LAST, last);
        text.complete(n);
        int page = cursor == null ? 1 : Integer.parseInt(cursor.substring(0, cursor.indexOf('/')));
        int lastPage = cursor == null
                ? (last[0] == null ? 1 : Integer.parseInt(last[0]))
                : Integer.parseInt(cursor.substring(cursor.indexOf('/') + 1));
        return new Page(n, page < lastPage ? (page + 1) + "/" + lastPage : null);
    }
}
