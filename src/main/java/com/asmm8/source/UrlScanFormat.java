package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** urlscan.io search: {@code api/v1/search/?q=domain:<domain>&size=100}, key in {@code API-Key}; {@code results[].page.domain} and {@code results[].task.domain}, next page {@code search_after} the last result's {@code sort}, while {@code has_more}. */
final class UrlScanFormat implements SourceFormat {

    @Override
    public String keyName() {
        return "urlscan";
    }

    @Override
    public String url(String base, String domain) {
        return base + "api/v1/search/?q=" + enc("domain:" + domain) + "&size=100";
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        return new Request(url(base, domain) + (cursor == null ? "" : "&search_after=" + enc(cursor)), Map.of("API-Key", key));
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        JsonValues.Read r = JsonValues.read(body, out, Set.of("results[].page.domain", "results[].task.domain"), null,
                Set.of("has_more", "results[].sort[]"));
        return new Page(r.names(), "true".equals(r.get("has_more")) ? r.get("results[].sort[]") : null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
