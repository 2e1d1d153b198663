package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.CollectionSync;
import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.MediaSync;
import dev.deckhand.ports.in.NormalSync;
import dev.deckhand.ports.in.Readiness;
import dev.deckhand.ports.in.decks.SharedMedia;
import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
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

    /** Requests the administrators' dashboard lists. */
    private static final int RECENT_REQUESTS = 200;

    /**
     * With the shared-deck media API under {@code /api/v1} when {@code sharedMedia} is present,
     * {@code GET /ready} answering from {@code readiness}, and the administrators' dashboard under
     * {@code /admin} when {@code admin} is present.
     */
    public SyncHttpServer(HttpSettings settings, HostKeyLogin login, CollectionSync sync, NormalSync normalSync, MediaSync media,
            Optional<SharedMedia> sharedMedia, ApiRateLimits apiLimits, Readiness readiness, MetricsSettings metrics,
            Optional<AdminDashboard> admin) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        SyncJson json = new SyncJson();
        ClientAddresses addresses = new ClientAddresses(settings.proxies());
        Endpoints endpoints = new Endpoints();
        HttpMetrics httpMetrics = new HttpMetrics(metrics.registry(), metrics.signInBackend(), endpoints);
        this.wireBytes = new WireBytes(httpMetrics);
        SignInThrottle signIns = new SignInThrottle(login, settings.signInLimits(), System::nanoTime, httpMetrics);
        RequestLimits limits = settings.requestLimits();
        Admission admission = new Admission(limits, addresses);
        CollectionSyncRoutes collectionRoutes = new CollectionSyncRoutes(login, sync, new NormalSyncRoutes(normalSync, json), json,
                new SyncResponses(settings.responseCompressionLevel()), settings.maxJsonBytes(), addresses, signIns, admission);
        MediaSyncRoutes mediaRoutes = new MediaSyncRoutes(login, media, json, new SyncResponses(settings.responseCompressionLevel()),
                settings, admission);
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
            config.jetty.modifyHttpConfiguration(http -> {
                http.setMinRequestDataRate(limits.minDataRateBytesPerSecond());
                http.setMinResponseDataRate(limits.minDataRateBytesPerSecond());
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
                router.before(ctx -> RequestBodies.startClock(ctx, limits.maxBodyTime()));
                router.post("/sync/{method}", admission.guarding(collectionRoutes::handle));
                router.post("/msync/{method}", admission.guarding(mediaRoutes::handle));
                router.get("/health", ctx -> ctx.result("ok\n"));
                router.get("/ready", new ReadinessRoute(readiness)::handle);
                router.get("/metrics", metricsPage::handle);
                apiRoutes.ifPresent(routes -> routes.mount(router, admission));
                apiRoutes.ifPresent(routes -> WebPage.maintainers().mount(router));
                adminRoutes.ifPresent(routes -> routes.mount(router));
            });
        });
    }

    /** Applies the connection limits and the idle timeout to a connector. */
    private void guard(ServerConnector connector) {
        connector.setIdleTimeout(settings.requestLimits().idleTimeout().toMillis());
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
}
