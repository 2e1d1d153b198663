package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.CollectionSync;
import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.MediaSync;
import dev.deckhand.ports.in.NormalSync;
import io.javalin.config.JavalinConfig;
import io.javalin.router.JavalinDefaultRouting;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The routes official Anki clients sync through: {@code POST /sync/<method>} (sign-in, collection
 * sync) and {@code POST /msync/<method>} (media sync), with their wire formats, request limits and
 * status codes. {@link SyncHttpServer} serves them on a port of its own; a service that already runs
 * Javalin mounts them on its own server instead:
 *
 * <pre>{@code
 * SyncRoutes routes = SyncRoutes.builder(engine.login(), engine.collectionSync(), engine.normalSync(), media.mediaSync())
 *         .tempFolder(dataFolder.resolve("tmp"))
 *         .build();
 * Javalin app = Javalin.create(config -> routes.mount(config));
 * }</pre>
 */
public final class SyncRoutes {

    private final CollectionSyncRoutes collections;
    private final MediaSyncRoutes media;
    private final Admission admission;
    private final RequestLimits limits;

    SyncRoutes(CollectionSyncRoutes collections, MediaSyncRoutes media, Admission admission, RequestLimits limits) {
        this.collections = Objects.requireNonNull(collections, "collections");
        this.media = Objects.requireNonNull(media, "media");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Routes that call these driving ports; the settings default to Deckhand's. */
    public static Builder builder(HostKeyLogin login, CollectionSync collectionSync, NormalSync normalSync, MediaSync mediaSync) {
        return new Builder(login, collectionSync, normalSync, mediaSync);
    }

    /**
     * Adds the sync routes to a Javalin being configured, and Deckhand's mapping of its own exceptions
     * to status codes. That mapping includes a 500 for any other {@link Exception}; Javalin picks the
     * handler of the most specific class, so yours for your own exception types still apply, and one
     * of yours for {@code Exception} itself replaces Deckhand's when registered after this call.
     */
    public void mount(JavalinConfig config) {
        HttpErrors.register(config);
        config.router.mount(router -> {
            router.before("/sync/*", ctx -> RequestBodies.startClock(ctx, limits));
            router.before("/msync/*", ctx -> RequestBodies.startClock(ctx, limits));
            addTo(router);
        });
    }

    /** The two routes alone, for {@link SyncHttpServer}, which starts every request's body clock itself. */
    void addTo(JavalinDefaultRouting router) {
        router.post("/sync/{method}", admission.guarding(collections::handle));
        router.post("/msync/{method}", admission.guarding(media::handle));
    }

    /** How the routes read requests and whom they believe; every setting has Deckhand's default. */
    public static final class Builder {

        private static final long BYTES_PER_MEGABYTE = 1024 * 1024;

        private final HostKeyLogin login;
        private final CollectionSync collectionSync;
        private final NormalSync normalSync;
        private final MediaSync mediaSync;
        private Path tempFolder;
        private long maxJsonBytes = 100 * BYTES_PER_MEGABYTE;
        private int responseCompressionLevel = 3;
        private ProxySettings proxies = ProxySettings.none();
        private SignInLimits signInLimits = SignInLimits.defaults();
        private RequestLimits requestLimits = RequestLimits.defaults();
        private MeterRegistry meters = new CompositeMeterRegistry();

        private Builder(HostKeyLogin login, CollectionSync collectionSync, NormalSync normalSync, MediaSync mediaSync) {
            this.login = Objects.requireNonNull(login, "login");
            this.collectionSync = Objects.requireNonNull(collectionSync, "collectionSync");
            this.normalSync = Objects.requireNonNull(normalSync, "normalSync");
            this.mediaSync = Objects.requireNonNull(mediaSync, "mediaSync");
        }

        /** Required: where media uploads are staged and download batches assembled. */
        public Builder tempFolder(Path tempFolder) {
            this.tempFolder = Objects.requireNonNull(tempFolder, "tempFolder");
            return this;
        }

        /** The official {@code MAX_SYNC_PAYLOAD_MEGS}: the largest decompressed JSON request. Default: 100. */
        public Builder maxPayloadMegabytes(long megabytes) {
            if (megabytes < 1) {
                throw new IllegalArgumentException("the payload limit must be at least 1 MB");
            }
            this.maxJsonBytes = Math.multiplyExact(megabytes, BYTES_PER_MEGABYTE);
            return this;
        }

        /** zstd level of response bodies, -7 to 22. Default: 3. */
        public Builder responseCompressionLevel(int level) {
            if (level < -7 || level > 22) {
                throw new IllegalArgumentException("zstd level must be -7 to 22");
            }
            this.responseCompressionLevel = level;
            return this;
        }

        /** Which proxies are believed about the client's address. Default: none. */
        public Builder proxies(ProxySettings proxies) {
            this.proxies = Objects.requireNonNull(proxies, "proxies");
            return this;
        }

        /** Wrong passwords tolerated per address and per account. Default: {@link SignInLimits#defaults()}. */
        public Builder signInLimits(SignInLimits limits) {
            this.signInLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** How slowly, how long and how many at once clients may send. Default: {@link RequestLimits#defaults()}. */
        public Builder requestLimits(RequestLimits limits) {
            this.requestLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Where sign-in meters are recorded. Default: nowhere. */
        public Builder meters(MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        public SyncRoutes build() {
            Objects.requireNonNull(tempFolder, "tempFolder(...) is required");
            ClientAddresses addresses = new ClientAddresses(proxies);
            HttpMetrics metrics = new HttpMetrics(meters, "embedded", new Endpoints());
            SignInThrottle signIns = new SignInThrottle(login, signInLimits, System::nanoTime, metrics);
            return SyncRoutes.of(login, collectionSync, normalSync, mediaSync, new Admission(requestLimits, addresses), addresses,
                    signIns, new SyncBodyLimits(maxJsonBytes, responseCompressionLevel, tempFolder, requestLimits));
        }
    }

    /** The sizes and times both kinds of route read requests and write responses with. */
    record SyncBodyLimits(long maxJsonBytes, int responseCompressionLevel, Path tempFolder, RequestLimits requestLimits) {}

    /** Routes sharing the admission, addresses and sign-in throttle of the server they are part of. */
    static SyncRoutes of(HostKeyLogin login, CollectionSync collectionSync, NormalSync normalSync, MediaSync mediaSync,
            Admission admission, ClientAddresses addresses, SignInThrottle signIns, SyncBodyLimits limits) {
        SyncJson json = new SyncJson();
        // As many idle contexts as requests can be coding bodies at once on this machine.
        ZstdContexts zstd = new ZstdContexts(limits.responseCompressionLevel(), Math.max(2, Runtime.getRuntime().availableProcessors()));
        SyncResponses responses = new SyncResponses(zstd, limits.responseCompressionLevel());
        CollectionSyncRoutes collections = new CollectionSyncRoutes(login, collectionSync, new NormalSyncRoutes(normalSync, json),
                json, responses, zstd, limits.maxJsonBytes(), addresses, signIns, admission);
        MediaSyncRoutes media = new MediaSyncRoutes(login, mediaSync, json, responses, zstd,
                limits.maxJsonBytes(), limits.tempFolder(), admission);
        return new SyncRoutes(collections, media, admission, limits.requestLimits());
    }
}
