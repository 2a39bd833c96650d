package com.asmm8.source;

import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Censys Platform API v3: {@code POST v3/global/search/query} for {@code cert.names: <domain>},
 * the key a personal access token ({@code PAT}, or {@code PAT:ORG_ID} as subfinder keeps it) as a
 * Bearer token with the organisation in {@code X-Organization-ID};
 * {@code result.hits[].certificate_v1.resource.names[]}, next page by {@code result.next_page_token}.
 */
final class CensysFormat implements SourceFormat {

    @Override
    public String keyName() {
        return "censys";
    }

    @Override
    public String url(String base, String domain) {
        return base + "v3/global/search/query";
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        int colon = key.indexOf(':');
        Map<String, String> h = new HashMap<>();
        h.put("Authorization", "Bearer " + (colon < 0 ? key : key.substring(0, colon)));
        if (colon > 0) {
            h.put("X-Organization-ID", key.substring(colon + 1));
        }
        ObjectNode q = Json.MAPPER.createObjectNode().put("query", "cert.names: " + domain).put("page_size", 100);
        q.putArray("fields").add("cert.names");
        if (cursor != null) {
            q.put("cursor", cursor);
        }
        return Request.post(url(base, domain), h, q.toString());
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        JsonValues.Read r = JsonValues.read(body, out, Set.of("result.hits[].certificate_v1.resource.names[]"), null,
                Set.of("result.next_page_token"));
        return new Page(r.names(), r.get("result.next_page_token"));
    }
}
