package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** AlienVault OTX: {@code api/v1/indicators/domain/<domain>/passive_dns}, key as a Bearer token; {@code passive_dns[].hostname}, an {@code error} field an error. */
final class AlienVaultFormat implements SourceFormat {

    @Override
    public String keyName() {
        return "alienvault";
    }

    @Override
    public String url(String base, String domain) {
        return base + "api/v1/indicators/domain/" + enc(domain) + "/passive_dns";
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        return new Request(url(base, domain), Map.of("Authorization", "Bearer " + key));
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        JsonValues.Read r = JsonValues.read(body, out, Set.of("passive_dns[].hostname"), null, Set.of("error", "detail"));
        if (r.get("error") != null) {
            throw new SourceAnswerException("the source answered with an error: " + r.get("error"));
        }
        return new Page(r.names(), null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
