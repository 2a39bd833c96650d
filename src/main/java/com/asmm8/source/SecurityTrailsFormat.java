package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** SecurityTrails: {@code v1/domain/<domain>/subdomains} (every plan), key in {@code APIKEY}; {@code subdomains[]} are labels under the domain. */
final class SecurityTrailsFormat implements SourceFormat {

    @Override
    public String keyName() {
        return "securitytrails";
    }

    @Override
    public String url(String base, String domain) {
        return base + "v1/domain/" + enc(domain) + "/subdomains";
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        return new Request(url(base, domain), Map.of("APIKEY", key));
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        return new Page(JsonValues.read(body, out, Set.of("subdomains[]"), l -> l.endsWith(".") ? l + domain : l + "." + domain, Set.of())
                .names(), null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
