package com.asmm8.source;

import com.asmm8.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.Map;
import java.util.Set;

/**
 * ip.thc.org: {@code POST api/v1/lookup/subdomains} with {@code {"domain", "page_state", "limit"}},
 * answered with {@code domains[].domain} and {@code next_page_state} (empty on the last page). Keyless.
 */
final class ThcFormat implements SourceFormat {

    @Override
    public String url(String base, String domain) {
        return base;
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        String body = Json.MAPPER.createObjectNode().put("domain", domain).put("page_state", cursor == null ? "" : cursor)
                .put("limit", 1000).toString();
        return Request.post(base, Map.of(), body);
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        JsonValues.Read r = JsonValues.read(body, out, Set.of("domains[].domain"), null, Set.of("next_page_state"));
        return new Page(r.names(), r.get("next_page_state"));
    }
}
