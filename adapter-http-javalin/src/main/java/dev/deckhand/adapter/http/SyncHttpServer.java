package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.CollectionSync;
import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.MediaSync;
import dev.deckhand.ports.in.NormalSync;
import dev.deckhand.ports.shared.SharedMedia;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP server: {@code POST /sync/<method>}, {@code POST /msync/<method>}, {@code GET /health} and,
 * when the shared-deck media service runs, its API under {@code /api/v1} and the maintainers' page at
 * {@code /manage}. Each request runs on its own thread; nothing here serialises users. With
 * {@link TlsSettings} it speaks HTTPS only, and picks up renewed certificate files by itself.
 */
public final class SyncHttpServer implements AutoCloseable {

    private final Javalin javalin;
    private final HttpSettings settings;
    private final Optional<ServedCertificate> certificate;

    /** With the shared-deck media API under {@code /api/v1} when {@code sharedMedia} is present. */
    public SyncHttpServer(HttpSettings settings, HostKeyLogin login, CollectionSync sync, NormalSync normalSync, MediaSync media,
            Optional<SharedMedia> sharedMedia, ApiRateLimits apiLimits) {
        this.settings = Objects.requireNonNull(settings, "settings");
        SyncJson json = new SyncJson();
        ClientAddresses addresses = new ClientAddresses(settings.proxies());
        SignInThrottle signIns = new SignInThrottle(settings.signInLimits(), System::nanoTime);
        CollectionSyncRoutes collectionRoutes = new CollectionSyncRoutes(login, sync, new NormalSyncRoutes(normalSync, json), json,
                new SyncResponses(settings.responseCompressionLevel()), settings.maxJsonBytes(), addresses, signIns);
        MediaSyncRoutes mediaRoutes = new MediaSyncRoutes(login, media, json, new SyncResponses(settings.responseCompressionLevel()), settings);
        Optional<SharedMediaRoutes> apiRoutes = sharedMedia.map(shared ->
                new SharedMediaRoutes(login, shared, json, settings.maxJsonBytes(), apiLimits, addresses, signIns));
        RequestLog requestLog = new RequestLog(addresses);
        this.certificate = settings.tls().map(tls -> new ServedCertificate(tls, settings.host(), settings.port(), Clock.systemUTC()));
        this.javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.defaultHost = settings.host();
            config.jetty.defaultPort = settings.port();
            certificate.ifPresent(served -> config.registerPlugin(served.plugin()));
            config.requestLogger.http(requestLog::log);
            HttpErrors.register(config);
            config.router.mount(router -> {
                router.post("/sync/{method}", collectionRoutes::handle);
                router.post("/msync/{method}", mediaRoutes::handle);
                router.get("/health", ctx -> ctx.result("ok\n"));
                apiRoutes.ifPresent(routes -> routes.mount(router));
                apiRoutes.ifPresent(routes -> new MaintainerPage().mount(router));
            });
        });
    }

    /** Starts listening; returns once the port is bound. */
    public SyncHttpServer start() {
        javalin.start();
        certificate.ifPresent(ServedCertificate::watch);
        return this;
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
    }
}
