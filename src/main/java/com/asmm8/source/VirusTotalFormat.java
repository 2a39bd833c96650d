package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** VirusTotal v3: {@code domains/<domain>/subdomains?limit=40}, key in {@code x-apikey}; {@code data[].id}, next page by {@code meta.cursor}. */
final class VirusTotalFormat implements SourceFormat {

    @Override
    public String keyName() {
        return "virustotal";
    }

    @Override
    public String url(String base, String domain) {
        return base + "domains/" + enc(domain) + "/subdomains?limit=40";
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        return new Request(url(base, domain) + (cursor == null ? "" : "&cursor=" + enc(cursor)), Map.of("x-apikey", key));
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        JsonValues.Read r = JsonValues.read(body, out, Set.of("data[].id"), null, Set.of("meta.cursor"));
        return new Page(r.names(), r.get("meta.cursor"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
