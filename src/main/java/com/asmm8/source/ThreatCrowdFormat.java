package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** ThreatCrowd: {@code searchApi/v2/domain/report/?domain=<domain>}, {@code {"subdomains": [...]}}. Keyless. */
final class ThreatCrowdFormat implements SourceFormat {

    @Override
    public String url(String base, String domain) {
        return base + "?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8);
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        return new Page(JsonValues.read(body, out, Set.of("subdomains[]"), null, Set.of()).names(), null);
    }
}
