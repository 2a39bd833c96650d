package com.asmm8;

import com.asmm8.amqp.ScanRequests;
import com.asmm8.api.ApiAuth;
import com.asmm8.api.ApiShape;
import com.asmm8.api.ApiTokenFile;
import com.asmm8.api.DomainResource;
import com.asmm8.api.HostnameResource;
import com.asmm8.api.HttpExchanges;
import com.asmm8.api.HttpGate;
import com.asmm8.api.InventoryResource;
import com.asmm8.api.ScanResource;
import com.asmm8.api.StatusResource;
import com.asmm8.api.UiFiles;
import com.asmm8.db.DomainRepository;
import com.asmm8.db.HostnameRepository;
import com.asmm8.db.InventoryViews;
import com.asmm8.db.QueuedScanRepository;
import com.asmm8.db.RecordRepository;
import com.asmm8.db.ScanRunRepository;
import com.asmm8.ops.DatabaseHealthCheck;
import com.asmm8.ops.PortCheck;
import com.asmm8.scan.ActiveScans;
import com.asmm8.scan.ScanQueue;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The beans behind the REST routes of routes/50-api.yaml: one per resource, over one HTTP helper; the HTTP gate. */
public class ApiConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiConfiguration.class);

    /** The shape of the answers: today's, or the Go service's on its paths (asmm8.api.compat=go). */
    @BindToRegistry(lazy = true)
    public ApiShape apiShape(@PropertyInject(value = "asmm8.api.compat", defaultValue = "") String compat) {
        ApiShape shape = ApiShape.of(compat);
        if (!shape.id().isEmpty()) {
            LOG.info("ASMM8_API_COMPAT={}: the Go service's endpoints answer in that service's shape", shape.id());
        }
        return shape;
    }

    @BindToRegistry(lazy = true)
    public HttpExchanges httpExchanges(@PropertyInject(value = "asmm8.api.tokens", defaultValue = "") String tokens,
            @PropertyInject(value = "asmm8.api.auth", defaultValue = "on") String authSetting,
            @PropertyInject("asmm8.api.token-file") String tokenFile,
            ApiShape shape) {
        if (!ApiAuth.required(authSetting)) {
            LOG.warn("**********************************************************************************");
            LOG.warn("ASMM8_API_AUTH=off: the HTTP API checks NO token. Anyone who can reach it can read and");
            LOG.warn("change the inventory and start scans.{}", Asmm8Configuration.blankToNull(tokens) == null
                    ? ""
                    : " ASMM8_API_TOKEN is set but ignored.");
            LOG.warn("**********************************************************************************");
            return new HttpExchanges(new ApiAuth(null), shape);
        }
        String configured = Asmm8Configuration.blankToNull(tokens);
        if (configured == null) {
            // no token set: the API is not open to every local user; the token is kept in a file
            ApiTokenFile.Token made = ApiTokenFile.ensure(Path.of(tokenFile));
            LOG.info("No ASMM8_API_TOKEN: the API token is {} {} (readable by its owner only); send it as "
                    + "Authorization: Bearer <token>, or sign in with it on the web page", made.generated() ? "generated in" : "read from",
                    tokenFile);
            configured = made.value();
        }
        return new HttpExchanges(new ApiAuth(configured), shape);
    }

    @BindToRegistry(lazy = true)
    public DomainResource domainApi(HttpExchanges http, DomainRepository domains) {
        return new DomainResource(http, domains);
    }

    @BindToRegistry(lazy = true)
    public HostnameResource hostnameApi(HttpExchanges http, DomainRepository domains, HostnameRepository hostnames, DataSource dataSource) {
        return new HostnameResource(http, domains, hostnames, new RecordRepository(dataSource));
    }

    @BindToRegistry(lazy = true)
    public ScanResource scanApi(HttpExchanges http, DomainRepository domains, HostnameRepository hostnames,
            ScanRunRepository runs, QueuedScanRepository queued, ScanQueue queue, ActiveScans active,
            ScanRequests requests) {
        return new ScanResource(http, domains, hostnames, runs, queued, queue, active, requests);
    }

    @BindToRegistry(lazy = true)
    public InventoryResource inventoryApi(HttpExchanges http, DomainRepository domains, InventoryViews views) {
        return new InventoryResource(http, domains, views);
    }

    @BindToRegistry(lazy = true)
    public InventoryViews inventoryViews(DataSource dataSource) {
        return new InventoryViews(dataSource);
    }

    /** The web page's static files (routes/55-ui.yaml). */
    @BindToRegistry(lazy = true)
    public UiFiles uiFiles() {
        return new UiFiles();
    }

    @BindToRegistry(lazy = true)
    public StatusResource statusApi(HttpExchanges http, CamelContext camel) {
        return new StatusResource(http, camel);
    }

    /**
     * The HTTP server's own answers: 503 JSON (never a 404 page) until the routes run, JSON 413 over
     * camel.server.maxBodySize. A service, started right after the HTTP server (OpsConfiguration).
     */
    @BindToRegistry(lazy = true)
    public HttpGate httpGate(CamelContext camel, ApiShape shape, DatabaseHealthCheck database,
            @PropertyInject(value = "camel.server.port", defaultValue = "8080") int port,
            @PropertyInject(value = "camel.server.maxBodySize", defaultValue = "1048576") long maxBody,
            @PropertyInject(value = "camel.metrics.path", defaultValue = "/metrics") String metricsPath) {
        return new HttpGate(camel, shape, database, port, maxBody, metricsPath);
    }

    @Override
    public void configure(CamelContext camelContext) {
        // Vert.x reports a port in use on its own thread and the start goes on without a server:
        // said here instead, before it starts, as a configuration error
        var properties = camelContext.getPropertiesComponent();
        if (properties.resolveProperty("camel.server.enabled").map(Boolean::parseBoolean).orElse(true)) {
            String host = properties.resolveProperty("camel.server.host").orElse("0.0.0.0");
            PortCheck.free("camel.server.port (ASMM8_HTTP_PORT)", host, properties.resolveProperty("camel.server.port").orElse("8080"));
            String mhost = properties.resolveProperty("camel.management.host").orElse(host);
            String mport = properties.resolveProperty("camel.management.port").orElse("9876");
            boolean sameServer = mport.equals(properties.resolveProperty("camel.server.port").orElse(""));
            if (!sameServer && properties.resolveProperty("camel.management.enabled").map(Boolean::parseBoolean).orElse(false)) {
                PortCheck.free("camel.management.port (ASMM8_METRICS_PORT)", mhost, mport);
            }
        }
    }
}
