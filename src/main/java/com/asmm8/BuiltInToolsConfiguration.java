package com.asmm8;

import com.asmm8.db.Checkpoints;
import com.asmm8.db.LeadRepository;
import com.asmm8.dns.BruteResume;
import com.asmm8.dns.DnsClient;
import com.asmm8.dns.DnsEngine;
import com.asmm8.dns.EngineSteps;
import com.asmm8.dns.ResolverPool;
import com.asmm8.dns.ResolverSources;
import com.asmm8.dns.Takeovers;
import com.asmm8.dns.WildcardFilter;
import com.asmm8.scan.ScanMetrics;
import com.asmm8.scan.ScanProgress;
import com.asmm8.source.ProviderKeys;
import com.asmm8.source.SourceSteps;
import com.asmm8.takeover.LeadProbes;
import com.asmm8.tool.Resolvers;
import com.asmm8.tool.ToolSettings;
import com.asmm8.zone.ZoneSteps;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * The beans of the tools built into ASMM8 that run without a process: the passive sources
 * (routes/35-sources.yaml) and the DNS engine (routes/36-engine.yaml, and the wildcard filter of
 * routes/40-ingest.yaml). One per method, lazy, like {@link Asmm8Configuration}'s.
 */
public class BuiltInToolsConfiguration implements CamelConfiguration {

    // ---------------------------------------------------------------- built-in passive sources

    /** Requests per source in all, and the backoff between them (the per-host pace is the route's throttle). */
    @BindToRegistry(lazy = true)
    public SourceSteps.Settings sourceSettings(@PropertyInject("asmm8.source.attempts") int attempts,
            @PropertyInject("asmm8.source.backoff") long backoffMs,
            @PropertyInject("asmm8.source.max-backoff") long maxBackoffMs) {
        return new SourceSteps.Settings(attempts, backoffMs, maxBackoffMs);
    }

    /** How a source is asked again: the redeliveryPolicyRef of routes/35-sources.yaml's onException. */
    @BindToRegistry(lazy = true)
    public RedeliveryPolicy sourceRedelivery(SourceSteps.Settings sourceSettings) {
        return sourceSettings.redeliveryPolicy();
    }

    @BindToRegistry(lazy = true)
    public SourceSteps sourceSteps(CamelContext camel, SourceSteps.Settings sourceSettings, ProviderKeys providerKeys,
            @PropertyInject("asmm8.source.max-pages") int maxPages) {
        return new SourceSteps(sourceSettings, key -> camel.getPropertiesComponent().resolveProperty(key), providerKeys, maxPages);
    }

    /** The keyed sources' keys, from subfinder's provider-config.yaml (ASMM8_PROVIDER_CONFIG). */
    @BindToRegistry(lazy = true)
    public ProviderKeys providerKeys(@PropertyInject(value = "asmm8.source.provider-config", defaultValue = "") String file) {
        return new ProviderKeys(file.isBlank() ? null : Path.of(file.strip()));
    }

    // ---------------------------------------------------------------- built-in DNS engine

    /** The takeover fingerprints (config/takeovers.yaml or ASMM8_TAKEOVERS; blank: none, every dangling CNAME still a lead). */
    @BindToRegistry(lazy = true)
    public Takeovers takeovers(@PropertyInject(value = "asmm8.takeovers.file", defaultValue = "") String file) {
        return new Takeovers(file.isBlank() ? null : Path.of(file.strip()));
    }

    /** The zone phase's engines (routes/37-zone.yaml): zone transfers and NSEC walks. */
    @BindToRegistry(lazy = true)
    public ZoneSteps zoneSteps(ResolverSources resolverSources, @PropertyInject("asmm8.zone.port") int port,
            @PropertyInject("asmm8.zone.timeout") long timeoutMs, @PropertyInject("asmm8.zone.nsec-max-questions") int nsecMax) {
        return new ZoneSteps(resolverSources, port, Duration.ofMillis(timeoutMs), nsecMax);
    }

    /** The takeover probes' steps (routes/38-takeovers.yaml). */
    @BindToRegistry(lazy = true)
    public LeadProbes leadProbes(LeadRepository leads, Takeovers takeovers, @PropertyInject("asmm8.takeovers.http-port") int port,
            @PropertyInject("asmm8.takeovers.http-max") int max) {
        return new LeadProbes(leads, takeovers, port, max);
    }

    /** The HTTP client of the takeover probes: its own short time-outs, apart from the passive sources' (camel.component.http). */
    @BindToRegistry("probehttp")
    public HttpComponent probeHttp(@PropertyInject("asmm8.takeovers.connect-timeout") int connectMs,
            @PropertyInject("asmm8.takeovers.response-timeout") int responseMs) {
        HttpComponent c = new HttpComponent();
        c.setConnectTimeout(connectMs);
        c.setConnectionRequestTimeout(connectMs);
        c.setResponseTimeout(responseMs);
        c.setSoTimeout(responseMs);
        c.setFollowRedirects(false);
        c.setAutomaticRetriesDisabled(true);
        return c;
    }

    @BindToRegistry(lazy = true)
    public DnsEngine dnsEngine(Takeovers takeovers,
            @PropertyInject("asmm8.dns.timeout") long timeoutMs,
            @PropertyInject("asmm8.dns.attempts") int attempts,
            @PropertyInject("asmm8.dns.backoff") long backoffMs,
            @PropertyInject("asmm8.dns.in-flight") int inFlight,
            @PropertyInject("asmm8.dns.rate") int rate,
            @PropertyInject("asmm8.dns.wildcard-probes") int probes,
            @PropertyInject("asmm8.dns.wildcard-reprobes") int reprobes,
            @PropertyInject("asmm8.dns.resolver-in-flight") int perResolverInFlight,
            @PropertyInject("asmm8.dns.resolver-fail-streak") int failStreak,
            @PropertyInject("asmm8.dns.resolver-rest") long restMs,
            @PropertyInject("asmm8.dns.resolver-rests") int maxRests,
            @PropertyInject("asmm8.dns.trusted-rate") int trustedRate) {
        return new DnsEngine(new DnsEngine.Settings(new DnsClient.Settings(timeoutMs, attempts, backoffMs, inFlight, rate),
                probes, reprobes, new ResolverPool.Settings(perResolverInFlight, failStreak, restMs, maxRests), trustedRate),
                takeovers);
    }

    /** The engine's resolver pool (ASMM8_RESOLVERS, ASMM8_RESOLVERS_FILE) and trusted resolvers (ASMM8_TRUSTED_RESOLVERS). */
    @BindToRegistry(lazy = true)
    public ResolverSources resolverSources(ToolSettings settings,
            @PropertyInject(value = "asmm8.resolvers-file", defaultValue = "") String file,
            @PropertyInject(value = "asmm8.dns.trusted-resolvers", defaultValue = "") String trusted) {
        return new ResolverSources(settings.resolvers(), file.isBlank() ? null : Path.of(file.strip()),
                Resolvers.parse(trusted.isBlank() ? null : trusted));
    }

    @BindToRegistry(lazy = true)
    public EngineSteps dnsEngineSteps(DnsEngine engine, ResolverSources resolverSources, ToolSettings settings,
            ScanProgress progress, ScanMetrics metrics, BruteResume bruteResume, WildcardFilter wildcardFilter) {
        return new EngineSteps(engine, resolverSources, settings.wordlist(), progress, metrics, bruteResume, wildcardFilter);
    }

    /** Brute-force checkpoints, read from the scan records (asmm8.dns.checkpoint-lag: how old a recorded checkpoint is). */
    @BindToRegistry(lazy = true)
    public BruteResume bruteResume(DataSource dataSource, @PropertyInject("asmm8.dns.checkpoint-lag") long lagMs) {
        return new BruteResume(new Checkpoints(dataSource), lagMs);
    }

    /** The wildcard judgement of the names other tools report as resolving (routes/40-ingest.yaml). */
    @BindToRegistry(lazy = true)
    public WildcardFilter wildcardFilter(DnsEngine engine, ResolverSources resolverSources,
            @PropertyInject("asmm8.dns.passive-wildcard-parents") int passiveParents) {
        return new WildcardFilter(engine.settings(), resolverSources, passiveParents);
    }
}
