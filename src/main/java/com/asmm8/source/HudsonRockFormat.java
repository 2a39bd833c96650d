package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Hudson Rock's infostealer intelligence ({@code urls-by-domain?domain=<domain>}): URLs seen in
 * stolen credentials, {@code data.employees_urls[].url} and {@code data.clients_urls[].url}; the
 * names are those in the URLs. Keyless.
 */
final class HudsonRockFormat implements SourceFormat {

    @Override
    public String url(String base, String domain) {
        return base + "?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8);
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        long[] n = {0};
        JsonValues.read(body, Writer.nullWriter(), Set.of("data.employees_urls[].url", "data.clients_urls[].url"),
                new NameScan(domain).namesIn(out, n), Set.of());
        return new Page(n[0], null);
    }
}
