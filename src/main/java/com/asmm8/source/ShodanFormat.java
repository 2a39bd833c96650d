package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** Shodan DNS: {@code dns/domain/<domain>?key=...&page=N}; {@code subdomains[]} are labels, {@code more} says a next page exists, {@code error} an error. */
final class ShodanFormat implements SourceFormat {

    @Override
    public String keyName() {
        return "shodan";
    }

    @Override
    public String url(String base, String domain) {
        return base + "dns/domain/" + enc(domain);
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        return new Request(url(base, domain) + "?key=" + enc(key) + "&page=" + (cursor == null ? "1" : cursor), Map.of());
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        JsonValues.Read r = JsonValues.read(body, out, Set.of("subdomains[]"), l -> l + "." + domain, Set.of("more", "error"));
        if (r.get("error") != null) {
            throw new SourceAnswerException("the source answered with an error: " + r.get("error"));
        }
        return new Page(r.names(),
                "true".equals(r.get("more")) ? Integer.toString(cursor == null ? 2 : Integer.parseInt(cursor) + 1) : null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
