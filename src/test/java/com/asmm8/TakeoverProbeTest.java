package com.asmm8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.asmm8.scan.ScanType;
import com.asmm8.support.EngineTestSupport;
import com.asmm8.support.Knot;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Takeover leads a page shows: after a check, each name whose CNAME points into GitHub Pages (an
 * {@code unclaimed: http} fingerprint of config/takeovers.yaml) is asked for its page on its own
 * address with its name as Host. Only the page saying "There isn't a GitHub Pages site here." is a
 * lead; a claimed site is not, and a redirect is not followed (to another host or anywhere).
 */
class TakeoverProbeTest extends EngineTestSupport {

    private static Knot knot;
    private static HttpServer pages;
    private static final List<String> HOSTS_ASKED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void servers() throws Exception {
        knot = new Knot("127.0.0.54", List.of(Knot.Zone.of("probe.test", """
                @ SOA ns1 hostmaster 1 3600 600 86400 300
                @ NS ns1
                ns1 A 127.0.0.54
                pages CNAME gone-site.github.io.
                blog CNAME taken.github.io.
                moved CNAME moved.github.io.
                www A 10.54.0.1
                """), Knot.Zone.of("github.io", """
                @ SOA ns1.probe.test. hostmaster 1 3600 600 86400 300
                @ NS ns1.probe.test.
                gone-site A 127.0.0.54
                taken A 127.0.0.54
                moved A 127.0.0.54
                """)));
        // GitHub Pages as it answers: by Host
        pages = HttpServer.create(new InetSocketAddress("127.0.0.54", 0), 16);
        pages.createContext("/", ex -> {
            String host = ex.getRequestHeaders().getFirst("Host");
            HOSTS_ASKED.add(host);
            String name = host == null ? "" : host.replaceAll(":\\d+$", "");
            int code;
            String body;
            if (name.equals("pages.probe.test")) {
                code = 404;
                body = "<html><title>Site not found</title><h1>404</h1><p>There isn't a GitHub Pages site here.</p></html>";
            } else if (name.equals("moved.probe.test")) {
                code = 302;
                body = "There isn't a GitHub Pages site here."; // behind a redirect: not this page's word
                ex.getResponseHeaders().add("Location", "http://elsewhere.test/");
            } else {
                code = 200;
                body = "<html><h1>my blog</h1></html>";
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        pages.start();
        engineAndCheckTools();
        Files.writeString(dir.resolve("probe-words.txt"), "pages\nblog\nmoved\nwww\nnothing\n");
    }

    @AfterAll
    static void stop() throws Exception {
        pages.stop(0);
        knot.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = engineOn(super.useOverridePropertiesWithPropertiesComponent(), knot.resolver(), "probe-words.txt");
        p.put("asmm8.takeovers.http-port", Integer.toString(pages.getAddress().getPort()));
        return p;
    }

    @Test
    void aCheckAsksEachNamePointingIntoGitHubPagesForItsPageAndOnlyTheUnclaimedOneIsALead() throws Exception {
        scan("probe.test", ScanType.ACTIVE);
        assertEquals(List.of("blog.probe.test", "moved.probe.test", "pages.probe.test", "www.probe.test"), names("probe.test"));
        assertEquals(List.of(), HOSTS_ASKED, "pages are asked at a check only");
        scan("probe.test", ScanType.CHECK);
        assertEquals(List.of("blog.probe.test", "moved.probe.test", "pages.probe.test"), HOSTS_ASKED.stream()
                .map(h -> h.replaceAll(":\\d+$", "")).sorted().toList(), "each asked once, by its own name");
        assertEquals(List.of(List.of("pages.probe.test", "GitHub Pages", "gone-site.github.io", "HTTP 404")),
                db.rows("SELECT name, service, target, rcode FROM asmm8_takeover_lead WHERE current ORDER BY name"));
    }
}
