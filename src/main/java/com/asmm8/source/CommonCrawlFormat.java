package com.asmm8.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Common Crawl's URL index: {@code collinfo.json} lists the crawls (newest first, each with its
 * {@code cdx-api}); the newest crawl of each of the last five years is asked for
 * {@code ?url=*.<domain>}, whose CDX lines hold the URLs crawled. The cursor is the crawls left to
 * ask, separated by spaces. Keyless.
 */
final class CommonCrawlFormat implements SourceFormat {

    static final int YEARS = 5;

    @Override
    public String url(String base, String domain) {
        return base + "collinfo.json";
    }

    @Override
    public Request request(String base, String domain, String key, String cursor) {
        if (cursor == null) {
            return new Request(url(base, domain), Map.of());
        }
        String index = cursor.split(" ")[0];
        return new Request(index + "?url=" + URLEncoder.encode("*." + domain, StandardCharsets.UTF_8), Map.of());
    }

    @Override
    public Page page(InputStream body, Writer out, String domain, String cursor) throws IOException {
        if (cursor == null) {
            return new Page(0, crawls(body));
        }
        NameScan scan = new NameScan(domain);
        long n = 0;
        BufferedReader r = new BufferedReader(new InputStreamReader(SourceFormat.notHtml(body), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (!line.isBlank()) {
                String text;
                try {
                    text = URLDecoder.decode(line, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    text = line;
                }
                n += scan.write(new StringReader(text), out, null, null);
            }
        }
        int space = cursor.indexOf(' ');
        return new Page(n, space < 0 ? null : cursor.substring(space + 1));
    }

    /** The newest crawl's index of each of the last five years, as the cursor; null when none. */
    private static String crawls(InputStream body) throws IOException {
        List<String> ids = new ArrayList<>();
        List<String> apis = new ArrayList<>();
        JsonValues.read(body, Writer.nullWriter(), Set.of("[].id", "[].cdx-api"), v -> {
            (v.startsWith("http") ? apis : ids).add(v);
            return null;
        }, Set.of());
        LinkedHashMap<String, String> byYear = new LinkedHashMap<>();
        int now = Year.now().getValue();
        for (int i = 0; i < Math.min(ids.size(), apis.size()); i++) {
            for (int y = now; y > now - YEARS; y--) {
                if (ids.get(i).contains(Integer.toString(y))) {
                    byYear.putIfAbsent(Integer.toString(y), apis.get(i));
                }
            }
        }
        return byYear.isEmpty() ? null : String.join(" ", byYear.values());
    }
}
