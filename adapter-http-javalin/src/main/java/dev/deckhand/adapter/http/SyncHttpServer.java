package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.CollectionMoves;
import dev.deckhand.ports.in.CollectionSync;
import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.MediaSync;
import dev.deckhand.ports.in.NormalSync;
import dev.deckhand.ports.in.Readiness;
import dev.deckhand.ports.in.ReadinessReport;
import dev.deckhand.ports.in.decks.SharedMedia;
import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server: {@code POST /sync/<method>}, {@code POST /msync/<method>}, {@code GET /health}
 * (alive), {@code GET /ready} (every backend answers), {@code GET /metrics} and,
 * when the shared-deck media service runs, its API under {@code /api/v1} and the maintainers' page at
 * {@code /manage}; the administrators' dashboard at {@code /admin}. Each request runs on its own
 * thread; nothing here serialises users. With {@link TlsSettings} it speaks HTTPS only, and picks up
 * renewed certificate files by itself.
 */
public final class SyncHttpServer implements AutoCloseable {

    private final Javalin javalin;
    private final HttpSettings settings;
    private final Optional<ServedCertificate> certificate;
    private final ConnectionGuard connections;
    private final MetricsSettings metrics;
    private final QueuedThreadPool threads;
    private final WireBytes wireBytes;
    /** Threads beyond the admitted requests: Jetty's acceptors and selectors, {@code /health}, {@code /ready} and {@code /metrics}. */
    private static final int RESERVED_THREADS = 32;
    private static final int ACCEPT_QUEUE = 1024;
    private static final int RESULT_COPY_BUFFER_BYTES = 4096;

    /** Requests the administrators' dashboard lists. */
    private static final int RECENT_REQUESTS = 200;

    /**
     * A server for these driving ports, listening as {@code settings} say; add the optional parts
     * on the returned builder.
     */
    public static Builder builder(HttpSettings settings, HostKeyLogin login, CollectionSync sync, NormalSync normalSync,
            MediaSync media) {
        return new Builder(settings, login, sync, normalSync, media);
    }

    private SyncHttpServer(Builder builder) {
        HttpSettings settings = builder.settings;
        HostKeyLogin login = builder.login;
        MetricsSettings metrics = builder.metrics;
        Readiness readiness = builder.readiness;
        ApiRateLimits apiLimits = builder.apiLimits;
        Optional<SharedMedia> sharedMedia = builder.sharedMedia;
        Optional<AdminDashboard> admin = builder.admin;
        Optional<ClusterRoutes> clusterRoutes = builder.cluster;
        this.settings = settings;
        this.metrics = metrics;
        SyncJson json = new SyncJson();
        ClientAddresses addresses = new ClientAddresses(settings.proxies());
        Endpoints endpoints = new Endpoints();
        HttpMetrics httpMetrics = new HttpMetrics(metrics.registry(), metrics.signInBackend(), endpoints);
        this.wireBytes = new WireBytes(httpMetrics);
        SignInThrottle signIns = new SignInThrottle(login, settings.signInLimits(), System::nanoTime, httpMetrics);
        RequestLimits limits = settings.requestLimits();
        Admission admission = new Admission(limits, addresses);
        SyncRoutes syncRoutes = SyncRoutes.of(login, builder.sync, builder.normalSync, builder.media, admission, addresses,
                signIns, new SyncRoutes.SyncBodyLimits(settings.maxJsonBytes(), settings.responseCompressionLevel(),
                        settings.tempFolder(), limits));
        Optional<SharedMediaRoutes> apiRoutes = sharedMedia.map(shared ->
                new SharedMediaRoutes(login, shared, json, settings.maxJsonBytes(), apiLimits, addresses, signIns, httpMetrics));
        RecentRequests recent = new RecentRequests(RECENT_REQUESTS);
        RequestLog requestLog = new RequestLog(addresses, recent, Clock.systemUTC());
        Optional<AdminRoutes> adminRoutes = admin.map(dashboard -> new AdminRoutes(dashboard, json, addresses, recent,
                settings.signInLimits(), System::nanoTime, Clock.systemUTC()));
        MetricsPage metricsPage = new MetricsPage(metrics.page(), metrics.scrapers());
        // Room for every admitted request plus a reserve that /health, /metrics, acceptors and selectors keep.
        this.threads = new QueuedThreadPool(limits.concurrentTotal() + RESERVED_THREADS, 8, 60_000);
        this.connections = new ConnectionGuard(limits, settings.proxies());
        this.certificate = settings.tls().map(tls ->
                new ServedCertificate(tls, settings.host(), settings.port(), Clock.systemUTC(), this::guard));
        this.javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.threadPool = threads;
            // Javalin copies every result through a new buffer of this size, Jetty's 32 KiB unless
            // set: a third of all the bytes a sync allocated, for answers mostly under 1 KiB.
            config.http.responseBufferSize = RESULT_COPY_BUFFER_BYTES;
            config.jetty.modifyHttpConfiguration(http -> {
                // The request's rate is TimedBody's to check: Jetty's own check has no grace for small bodies.
                http.setMinResponseDataRate(limits.minDataRateBytesPerSecond());
                http.setIdleTimeout(limits.idleTimeout().toMillis()); // from a request's headers to its end
            });
            if (certificate.isPresent()) {
                config.registerPlugin(certificate.get().plugin());
            } else {
                config.jetty.addConnector((server, http) -> {
                    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                    connector.setHost(settings.host());
                    connector.setPort(settings.port());
                    guard(connector);
                    return connector;
                });
            }
            config.requestLogger.http((ctx, millis) -> {
                requestLog.log(ctx, millis);
                httpMetrics.requestFinished(ctx, millis);
            });
            config.events(events -> events.handlerAdded(handler -> endpoints.registered(handler.getPath())));
            HttpErrors.register(config);
            config.router.mount(router -> {
                router.before(ctx -> RequestBodies.startClock(ctx, limits));
                syncRoutes.addTo(router);
                router.get("/health", ctx -> ctx.result("ok\n"));
                router.get("/ready", new ReadinessRoute(readiness)::handle);
                router.get("/metrics", metricsPage::handle);
                apiRoutes.ifPresent(routes -> routes.mount(router, admission));
                apiRoutes.ifPresent(routes -> WebPage.maintainers().mount(router));
                adminRoutes.ifPresent(routes -> routes.mount(router));
                clusterRoutes.ifPresent(routes -> routes.mount(router));
            });
        });
    }

    /** Applies the connection limits and the timeouts to a connector. */
    private void guard(ServerConnector connector) {
        // Between requests; while one runs, the HTTP configuration's shorter idle timeout applies.
        connector.setIdleTimeout(settings.requestLimits().keepAliveTimeout().toMillis());
        HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
        connector.addConnectionFactory(new GuardedHttpConnectionFactory(http.getHttpConfiguration(), connections)); // replaces it
        // The kernel's default queue of 50 unaccepted connections overflows in a burst, and a
        // dropped connection attempt is retried only a second later, even for /health.
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.addBean(connections);
        connector.addBean(wireBytes);
    }

    /** Starts listening; returns once the port is bound. */
    public SyncHttpServer start() {
        try {
            javalin.start();
        } catch (JavalinBindException e) {
            throw new CannotListenException(bindProblem(e), e);
        }
        certificate.ifPresent(ServedCertificate::watch);
        new JettyServerThreadPoolMetrics(threads, List.of()).bindTo(metrics.registry());
        JettyConnectionMetrics.addToAllConnectors(javalin.jettyServer().server(), metrics.registry());
        return this;
    }

    /** Why {@code host:port} cannot be bound, in one line, from the socket's own reason. */
    private String bindProblem(JavalinBindException failure) {
        String where = settings.host() + ":" + settings.port();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String reason = String.valueOf(cause.getMessage());
            if (reason.contains("Address already in use")) {
                return "cannot listen on " + where + ": another program uses port " + settings.port();
            }
            if (reason.contains("Cannot assign requested address")) {
                return "cannot listen on " + where + ": " + settings.host() + " is not an address of this machine";
            }
            if (reason.contains("Permission denied")) {
                return "cannot listen on " + where + ": ports below 1024 need privileges (see docs/deployment.md)";
            }
        }
        return "cannot listen on " + where + ": " + failure.getMessage();
    }

    /** The bound port (useful when configured with 0). */
    public int port() {
        return javalin.port();
    }

    public String host() {
        return settings.host();
    }

    /** Whether it speaks HTTPS. */
    public boolean secure() {
        return certificate.isPresent();
    }

    @Override
    public void close() {
        certificate.ifPresent(ServedCertificate::close);
        javalin.stop();
        connections.close();
    }

    /** What the server serves besides Anki sync; without a call, a part is left out or takes its default. */
    public static final class Builder {

        private final HttpSettings settings;
        private final HostKeyLogin login;
        private final CollectionSync sync;
        private final NormalSync normalSync;
        private final MediaSync media;
        private Optional<SharedMedia> sharedMedia = Optional.empty();
        private ApiRateLimits apiLimits = ApiRateLimits.defaults();
        private Readiness readiness = () -> new ReadinessReport(List.of());
        private MetricsSettings metrics = new MetricsSettings(new CompositeMeterRegistry(), "builtin", Optional.empty(), List.of());
        private Optional<AdminDashboard> admin = Optional.empty();
        private Optional<ClusterRoutes> cluster = Optional.empty();

        private Builder(HttpSettings settings, HostKeyLogin login, CollectionSync sync, NormalSync normalSync, MediaSync media) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.login = Objects.requireNonNull(login, "login");
            this.sync = Objects.requireNonNull(sync, "sync");
            this.normalSync = Objects.requireNonNull(normalSync, "normalSync");
            this.media = Objects.requireNonNull(media, "media");
        }

        /** The shared-deck media API under {@code /api/v1} and the maintainers' page. Default: none. */
        public Builder sharedMedia(SharedMedia sharedMedia, ApiRateLimits apiLimits) {
            this.sharedMedia = Optional.of(Objects.requireNonNull(sharedMedia, "sharedMedia"));
            this.apiLimits = Objects.requireNonNull(apiLimits, "apiLimits");
            return this;
        }

        /** What {@code GET /ready} checks. Default: nothing, so it answers ready while the server runs. */
        public Builder readiness(Readiness readiness) {
            this.readiness = Objects.requireNonNull(readiness, "readiness");
            return this;
        }

        /** Where requests are measured and whether {@code /metrics} is served. Default: nowhere, and 404. */
        public Builder metrics(MetricsSettings metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** The administrators' dashboard under {@code /admin}. Default: none. */
        public Builder admin(AdminDashboard admin) {
            this.admin = Optional.of(Objects.requireNonNull(admin, "admin"));
            return this;
        }

        /** What the other nodes of a cluster ask of this one, under {@code /cluster/v1}. Default: none. */
        public Builder cluster(CollectionMoves moves, ClusterSecret secret) {
            this.cluster = Optional.of(new ClusterRoutes(moves, secret, new SyncJson()));
            return this;
        }

        /** The server, not yet listening: call {@link SyncHttpServer#start()}. */
        public SyncHttpServer build() {
            return new SyncHttpServer(this);
        }
    }
}
