package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** ProjectDiscovery Chaos: {@code dns/<domain>/subdomains}, the key as {@code Authorization} (no scheme); {@code subdomains[]} are labels. */
final class ChaosFormat implements SourceFormat {

    @Override
    public String keyName() {
        return "chaos";
    }

    @Override
    public String url(String base, String domain) {
        return base + "dns/" + enc(domain) + "/subdomains";
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        return new Request(url(base, domain), Map.of("Authorization", key));
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        return new Page(JsonValues.read(body, out, Set.of("subdomains[]"), l -> l + "." + domain, Set.of()).names(), null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
