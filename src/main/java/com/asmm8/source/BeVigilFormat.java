package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** BeVigil OSINT: {@code api/<domain>/subdomains/}, key in {@code X-Access-Token}; {@code subdomains[]}. */
final class BeVigilFormat implements SourceFormat {

    @Override
    public String keyName() {
        return "bevigil";
    }

    @Override
    public String url(String base, String domain) {
        return base + "api/" + enc(domain) + "/subdomains/";
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        return new Request(url(base, domain), Map.of("X-Access-Token", key));
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        return new Page(JsonValues.read(body, out, Set.of("subdomains[]"), null, Set.of()).names(), null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
