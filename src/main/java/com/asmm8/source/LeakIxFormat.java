package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * LeakIX: {@code api/subdomains/<domain>}, an array of {@code {"subdomain": ...}}. A key
 * ({@code leakix} in the provider config, header {@code api-key}) raises its limits; without one it
 * is asked all the same.
 */
final class LeakIxFormat implements SourceFormat {

    @Override
    public String url(String base, String domain) {
        return base + URLEncoder.encode(domain, StandardCharsets.UTF_8);
    }

    @Override
    public String keyName() {
        return "leakix";
    }

    @Override
    public boolean keyRequired() {
        return false;
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        return new Request(url(base, domain), key == null
                ? Map.of("Accept", "application/json")
                : Map.of("Accept", "application/json", "api-key", key));
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        return new Page(JsonValues.read(body, out, Set.of("[].subdomain"), null, Set.of()).names(), null);
    }
}
