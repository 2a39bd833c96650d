package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** SSLMate CertSpotter: {@code v1/issuances?domain=...&include_subdomains=true&expand=dns_names}, key as a Bearer token; {@code [].dns_names[]}, next page {@code after} the last issuance id, the last page empty. */
final class CertSpotterFormat implements SourceFormat {

    @Override
    public String keyName() {
        return "certspotter";
    }

    @Override
    public String url(String base, String domain) {
        return base + "v1/issuances?domain=" + enc(domain) + "&include_subdomains=true&expand=dns_names";
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        return new Request(url(base, domain) + (cursor == null ? "" : "&after=" + enc(cursor)), Map.of("Authorization", "Bearer " + key));
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        JsonValues.Read r = JsonValues.read(body, out, Set.of("[].dns_names[]"), null, Set.of("[].id"));
        return new Page(r.names(), r.names() == 0 ? null : r.get("[].id"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
