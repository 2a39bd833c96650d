package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * GitHub code search: {@code search/code?q=<domain>&per_page=100&page=N} with the text-match
 * media type, the key a token ({@code Authorization: token ...}); the names are those in the
 * matches' fragments ({@code items[].text_matches[].fragment}). Pages 1 to 10 (the search's 1,000
 * results), while a page has items.
 */
final class GitHubFormat implements SourceFormat {

    static final int LAST_PAGE = 10;

    @Override
    public String keyName() {
        return "github";
    }

    @Override
    public String url(String base, String domain) {
        return base + "search/code?per_page=100&q=" + URLEncoder.encode(domain, StandardCharsets.UTF_8) + "&sort=created&order=asc";
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        return new Request(url(base, domain) + "&page=" + (cursor == null ? "1" : cursor),
                Map.of("Accept", "application/vnd.github.v3.text-match+json", "Authorization", "token " + key));
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        long[] n = {0};
        java.util.function.UnaryOperator<String> names = new NameScan(domain).namesIn(out, n);
        JsonValues.Read r = JsonValues.read(body, Writer.nullWriter(), Set.of("items[].text_matches[].fragment"),
                fragment -> names.apply(fragment.replace("\\n", "\n").replace("\\t", " ")), Set.of("items[].name"));
        int page = cursor == null ? 1 : Integer.parseInt(cursor);
        return new Page(n[0], r.get("items[].name") != null && page < LAST_PAGE ? Integer.toString(page + 1) : null);
    }
}
