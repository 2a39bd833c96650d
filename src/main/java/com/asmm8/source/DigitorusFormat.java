package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Digitorus (certificatedetails.com): {@code <domain>}, an HTML page of certificate names. Keyless. */
final class DigitorusFormat implements SourceFormat {

    @Override
    public String url(String base, String domain) {
        return base + URLEncoder.encode(domain, StandardCharsets.UTF_8);
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        HtmlText text = new HtmlText(body);
        long n = new NameScan(domain).write(text, out, null, null);
        text.complete(n);
        return new Page(n, null);
    }
}
