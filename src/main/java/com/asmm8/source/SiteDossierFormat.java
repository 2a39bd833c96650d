package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SiteDossier: {@code parentdomain/<domain>}, HTML pages of names; a page's next one is its
 * {@code <a href="..."><b>} link (the cursor: that path). A 404 page still lists names. Keyless.
 */
final class SiteDossierFormat implements SourceFormat {

    private static final Pattern NEXT = Pattern.compile("<a href=\"([A-Za-z0-9/.]+)\"><b>");

    @Override
    public String url(String base, String domain) {
        return base + "parentdomain/" + URLEncoder.encode(domain, StandardCharsets.UTF_8);
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        return new Request(cursor == null ? url(base, domain) : base + cursor.replaceFirst("^/", ""), Map.of());
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        String[] next = {null};
        HtmlText text = new HtmlText(body);
        long n = new NameScan(domain).write(text, out, NEXT, next);
        text.complete(n);
        return new Page(n, next[0] == null || next[0].equals(cursor) ? null : next[0]);
    }
}
