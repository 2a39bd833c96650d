package com.asmm8.source;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The passive sources built into ASMM8: each id ({@code source:} in config/tools.yaml) with its
 * format and the base URL it is asked at (a tool's {@code url:} or ASMM8_SOURCE_&lt;NAME&gt;_URL
 * overrides it). Keyless: crtsh, hackertarget, wayback, anubis, leakix (a key only raises its
 * limits), rapiddns, hudsonrock, thc, sitedossier, digitorus, threatcrowd, commoncrawl. Keyed
 * (subfinder's provider-config.yaml): virustotal, securitytrails, chaos, shodan, censys,
 * certspotter, alienvault, bevigil, github, urlscan.
 */
final class SourceCatalog {

    private record Entry(Supplier<SourceFormat> format, String url) {
    }

    private static final Map<String, Entry> SOURCES = new LinkedHashMap<>();

    static {
        add("crtsh", CrtShFormat::new, "https://crt.sh/");
        add("hackertarget", HackerTargetFormat::new, "https://api.hackertarget.com/hostsearch/");
        add("wayback", WaybackFormat::new, "https://web.archive.org/cdx/search/cdx");
        add("anubis", AnubisFormat::new, "https://jonlu.ca/anubis/subdomains/");
        add("leakix", LeakIxFormat::new, "https://leakix.net/api/subdomains/");
        add("rapiddns", RapidDnsFormat::new, "https://rapiddns.io/subdomain/");
        add("hudsonrock", HudsonRockFormat::new, "https://cavalier.hudsonrock.com/api/json/v2/osint-tools/urls-by-domain");
        add("thc", ThcFormat::new, "https://ip.thc.org/api/v1/lookup/subdomains");
        add("sitedossier", SiteDossierFormat::new, "http://www.sitedossier.com/");
        add("digitorus", DigitorusFormat::new, "https://certificatedetails.com/");
        add("threatcrowd", ThreatCrowdFormat::new, "http://ci-www.threatcrowd.org/searchApi/v2/domain/report/");
        add("commoncrawl", CommonCrawlFormat::new, "https://index.commoncrawl.org/");
        add("virustotal", VirusTotalFormat::new, "https://www.virustotal.com/api/v3/");
        add("securitytrails", SecurityTrailsFormat::new, "https://api.securitytrails.com/");
        add("chaos", ChaosFormat::new, "https://dns.projectdiscovery.io/");
        add("shodan", ShodanFormat::new, "https://api.shodan.io/");
        add("censys", CensysFormat::new, "https://api.platform.censys.io/");
        add("certspotter", CertSpotterFormat::new, "https://api.certspotter.com/");
        add("alienvault", AlienVaultFormat::new, "https://otx.alienvault.com/");
        add("bevigil", BeVigilFormat::new, "https://osint.bevigil.com/");
        add("github", GitHubFormat::new, "https://api.github.com/");
        add("urlscan", UrlScanFormat::new, "https://urlscan.io/");
    }

    private SourceCatalog() {
    }

    private static void add(String id, Supplier<SourceFormat> format, String url) {
        SOURCES.put(id, new Entry(format, url));
    }

    static Set<String> ids() {
        return SOURCES.keySet();
    }

    static SourceFormat format(String id) {
        Entry e = SOURCES.get(id);
        if (e == null) {
            throw new IllegalArgumentException("no built-in source " + id);
        }
        return e.format().get();
    }

    static String url(String id) {
        Entry e = SOURCES.get(id);
        if (e == null) {
            throw new IllegalArgumentException("no built-in source " + id);
        }
        return e.url();
    }
}
