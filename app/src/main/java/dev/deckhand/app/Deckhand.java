package dev.deckhand.app;

import dev.deckhand.adapter.cognito.CognitoAuthenticator;
import dev.deckhand.adapter.filesystem.FilesystemBlobStore;
import dev.deckhand.adapter.filesystem.FilesystemDiskSpace;
import dev.deckhand.adapter.filesystem.TemporaryFolder;
import dev.deckhand.adapter.http.AdminDashboard;
import dev.deckhand.adapter.http.ApiRateLimits;
import dev.deckhand.adapter.http.HttpClusterClient;
import dev.deckhand.adapter.http.HttpSettings;
import dev.deckhand.adapter.http.InvalidTlsFilesException;
import dev.deckhand.adapter.http.MetricsSettings;
import dev.deckhand.adapter.http.SyncHttpServer;
import dev.deckhand.adapter.image.ImageIoTranscoder;
import dev.deckhand.adapter.ldap.LdapAuthenticator;
import dev.deckhand.adapter.metrics.DeckhandMetrics;
import dev.deckhand.adapter.metrics.HousekeepingJob;
import dev.deckhand.adapter.metrics.MicrometerSyncEvents;
import dev.deckhand.adapter.metrics.PrivateMetricsListener;
import dev.deckhand.adapter.passwords.Pbkdf2PasswordHashing;
import dev.deckhand.adapter.postgres.PostgresContentGuard;
import dev.deckhand.adapter.postgres.PostgresDatabase;
import dev.deckhand.adapter.postgres.PostgresHousekeepingLock;
import dev.deckhand.adapter.postgres.PostgresSharedMediaCatalog;
import dev.deckhand.adapter.s3.S3BlobStore;
import dev.deckhand.adapter.s3.S3ObjectStore;
import dev.deckhand.adapter.s3.S3Settings;
import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteAccountStore;
import dev.deckhand.adapter.sqlite.SqliteHostKeyStore;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.adapter.sqlite.collection.SqliteCollectionStore;
import dev.deckhand.app.backup.BackupDestination;
import dev.deckhand.app.backup.DestinationBackups;
import dev.deckhand.media.MediaSyncEngine;
import dev.deckhand.media.housekeeping.BlobSweep;
import dev.deckhand.media.shared.SharedMediaService;
import dev.deckhand.media.sync.BlobGuard;
import dev.deckhand.ports.in.AccountAdministration;
import dev.deckhand.ports.in.AccountChange;
import dev.deckhand.ports.in.ServerUsage;
import dev.deckhand.ports.in.decks.HousekeepingReport;
import dev.deckhand.ports.in.decks.SharedMedia;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.ChoreLock;
import dev.deckhand.ports.out.ContentGuard;
import dev.deckhand.ports.out.DiskSpace;
import dev.deckhand.ports.out.Leftovers;
import dev.deckhand.ports.out.PasswordHashing;
import dev.deckhand.sync.SyncEngine;
import dev.deckhand.sync.SyncLimits;
import dev.deckhand.sync.login.AccountService;
import dev.deckhand.sync.login.RememberedSignIns;
import dev.deckhand.sync.placement.ClusterPlacement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires Deckhand: SQLite collections and media ledgers, blobs on local disk (the default) or in S3,
 * sign-in by built-in accounts (the default), LDAP or Cognito, Javalin; and, when configured, the
 * shared-deck media service on PostgreSQL and S3. Read top to bottom.
 */
public final class Deckhand implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Deckhand.class);
    private static final long MAX_JSON_BYTES_PER_PAYLOAD_MEGABYTE = 1024 * 1024;
    private static final int RESPONSE_ZSTD_LEVEL = 3;
    /** Password checks are slow by design; half the cores may run them, the rest stay for syncs. */
    private static final int CONCURRENT_SIGN_INS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /** Users whose last successful remote sign-in is remembered; beyond this the least recent is forgotten. */
    private static final int REMEMBERED_SIGN_INS = 10_000;

    private final SyncHttpServer http;
    private final AccountAdministration accounts;
    private final ScheduledExecutorService housekeeping;
    private final List<AutoCloseable> resources;

    private Deckhand(SyncHttpServer http, AccountAdministration accounts, ScheduledExecutorService housekeeping,
            List<AutoCloseable> resources) {
        this.http = http;
        this.accounts = accounts;
        this.housekeeping = housekeeping;
        this.resources = resources;
    }

    /** Builds and starts a server; it is listening when this returns. */
    public static Deckhand start(ServerConfig config) {
        return start(config, new Pbkdf2PasswordHashing(), true, () -> { });
    }

    /**
     * Builds and starts a server.
     *
     * @param hashing hashes and checks the built-in accounts' passwords
     * @param hashWarmUp hash a throw-away password first, so the first sign-in does not run in the
     *     interpreter; a warm-up's throw-away server, whose account has a cheap hash, skips it
     * @param beforeListening runs once everything is built and the settings are found usable, just
     *     before the port is bound
     */
    static Deckhand start(ServerConfig config, PasswordHashing hashing, boolean hashWarmUp, Runnable beforeListening) {
        Clock clock = Clock.systemUTC();
        DataFolder.prepareForServer(config.dataFolder());
        DeckhandMetrics metrics = metrics(config.metrics());
        ServerState state = ServerState.open(config.dataFolder(), config.serverDatabase(), hashing, clock, metrics.registry());
        AccountService accounts = new AccountService(state.accounts(), state.hostKeys());
        provisionEnvironmentUsers(config, accounts);

        SqliteCollectionStore collections =
                new SqliteCollectionStore(config.dataFolder(), new EmptyCollectionFactory(clock));
        BlobStore blobs = blobStore(config.dataFolder(), config.s3());
        DiskSpace disk = new FilesystemDiskSpace(config.dataFolder(), config.storage().diskReserveBytes());
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deckhand-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        ChoreLock choreLock = choreLock(config);
        ContentGuard contentGuard = contentGuard(config);
        // On the housekeeping thread, so no blob sweep runs during a backup and removes a content
        // that the backup's copy of the media ledgers still names.
        MediaSyncEngine media = MediaSyncEngine.builder()
                .ledger(state.ledger())
                .blobs(blobs)
                .diskSpace(disk)
                .quotaBytes(config.storage().mediaQuotaBytes())
                .clock(clock)
                .blobGrace(BLOB_GRACE)
                .sweepObserver(new SweepMetrics(metrics))
                .housekeepingOn(housekeeping)
                .choreLock(choreLock)
                .contentGuard(contentGuard)
                .build();
        List<Leftovers> leftovers = leftovers(config.dataFolder(), collections,
                blobs instanceof Leftovers parts ? Optional.of(parts) : Optional.empty());
        removeLeftovers(leftovers, clock.instant(), metrics); // nothing runs yet, so every temporary file is a leftover

        SyncLimits limits = SyncLimits.of(config.maxPayloadMegabytes(), config.storage().collectionQuotaBytes());
        List<AutoCloseable> resources = new ArrayList<>(List.of(media, collections, state, metrics));
        if (contentGuard instanceof AutoCloseable closeable) {
            resources.add(closeable);
        }
        Authenticator authenticator = authenticator(config.signIn(), state.builtInSignIn(), clock, resources);
        if (authenticator == state.builtInSignIn() && hashWarmUp) {
            hashing.warmUp();
        }
        Optional<ClusterPlacement> cluster = config.node().map(node -> clusterPlacement(node, state, clock));
        SyncEngine.Builder syncBuilder = SyncEngine.builder()
                .collections(collections)
                .signIn(authenticator)
                .hostKeys(state.hostKeys())
                .mediaUsns(media.mediaUsns())
                .clock(clock)
                .limits(limits)
                .diskSpace(disk)
                .lockWait(config.lockWait())
                .concurrentSignIns(CONCURRENT_SIGN_INS)
                .maxHostKeyAge(config.maxHostKeyAge())
                .events(new MicrometerSyncEvents(metrics.registry()));
        cluster.ifPresent(placement -> syncBuilder.cluster(placement, new HttpClusterClient(config.node().orElseThrow().secret())));
        SyncEngine sync = syncBuilder.build();
        resources.add(0, sync);
        metrics.activeSyncSessions(sync::activeSessions);

        HttpSettings http = new HttpSettings(
                config.host(),
                config.port(),
                config.maxPayloadMegabytes() * MAX_JSON_BYTES_PER_PAYLOAD_MEGABYTE,
                RESPONSE_ZSTD_LEVEL,
                temporaryFolder(config.dataFolder()),
                config.network().tls(),
                config.network().proxies(),
                config.network().signInLimits(),
                config.network().requestLimits());
        Optional<SharedMedia> sharedMedia = config.sharedMedia()
                .map(shared -> sharedMedia(shared, config.dataFolder(), clock, resources, metrics.registry()));
        ApiRateLimits apiRates = config.sharedMedia().map(SharedMediaConfig::rates).orElse(ApiRateLimits.defaults());
        ReadinessCheck readiness = ReadinessCheck.forConfig(config);
        resources.add(readiness);
        ServerUsage usage = state.usage(config.dataFolder(), config.maxHostKeyAge(), clock);
        StorageGauges.register(metrics, usage, clock);
        AdminDashboard admin = new AdminDashboard(new AdminTokenFile(config.dataFolder()), usage, accounts,
                config.signIn() instanceof SignInBackend.BuiltIn,
                config.backups().map(schedule -> new DestinationBackups(new BackupDestination(schedule.destination()))));
        SyncHttpServer server;
        try {
            privateMetricsListener(config.metrics(), metrics).ifPresent(resources::add);
            SyncHttpServer.Builder builder = SyncHttpServer.builder(http, sync.login(), sync.collectionSync(), sync.normalSync(),
                            media.mediaSync())
                    .readiness(readiness)
                    .metrics(metricsSettings(config, metrics))
                    .admin(admin);
            sharedMedia.ifPresent(shared -> builder.sharedMedia(shared, apiRates));
            config.node().ifPresent(node -> builder.cluster(sync.moves().orElseThrow(), node.secret()));
            SyncHttpServer built = builder.build();
            beforeListening.run();
            server = built.start();
        } catch (RuntimeException e) {
            // Unreadable certificate files, or a port that cannot be bound: nothing is served.
            housekeeping.shutdownNow();
            closeAll(resources);
            if (e instanceof InvalidTlsFilesException) {
                throw new ConfigException("DECKHAND_TLS_CERT/DECKHAND_TLS_KEY: " + e.getMessage());
            }
            throw e;
        }
        Duration leftoverAge = config.storage().leftoverAge();
        housekeeping.scheduleWithFixedDelay(() -> removeLeftovers(leftovers, clock.instant().minus(leftoverAge), metrics),
                2, 6 * 60, TimeUnit.MINUTES);
        sharedMedia.ifPresent(shared -> {
            Duration grace = config.sharedMedia().orElseThrow().limits().grace();
            housekeeping.scheduleWithFixedDelay(() -> sharedMediaHousekeeping(shared, grace, choreLock, metrics), 5, 6 * 60,
                    TimeUnit.MINUTES);
        });
        cluster.ifPresent(placement -> {
            long every = NodeConfig.HEARTBEAT.toMillis();
            housekeeping.scheduleWithFixedDelay(() -> announce(placement), every, every, TimeUnit.MILLISECONDS);
        });
        config.backups().ifPresent(schedule -> Backups.scheduled(config, schedule, blobs, sync.userLocks(), clock)
                .schedule(housekeeping));
        if (blobs instanceof AutoCloseable closeable) {
            resources.add(closeable);
        }
        Deckhand deckhand = new Deckhand(server, accounts, housekeeping, resources);
        deckhand.announce(config);
        return deckhand;
    }

    /** Prometheus meters, unless {@code DECKHAND_METRICS=off}. */
    private static DeckhandMetrics metrics(MetricsConfig config) {
        if (!config.enabled()) {
            return DeckhandMetrics.none();
        }
        BuildInfo build = BuildInfo.current();
        return DeckhandMetrics.prometheus(build.version(), build.commit());
    }

    /** What the HTTP server records, and whether its port answers {@code /metrics}. */
    private static MetricsSettings metricsSettings(ServerConfig config, DeckhandMetrics metrics) {
        return new MetricsSettings(metrics.registry(), signInBackendLabel(config.signIn()),
                config.metrics().onMainPort() ? Optional.of(metrics::scrape) : Optional.empty(),
                config.metrics().allowed());
    }

    /** The {@code backend} label of sign-in meters. */
    private static String signInBackendLabel(SignInBackend backend) {
        if (backend instanceof SignInBackend.Ldap) {
            return "ldap";
        } else if (backend instanceof SignInBackend.Cognito) {
            return "cognito";
        }
        return "builtin";
    }

    /** The listener of {@code DECKHAND_METRICS_PORT}, when one is configured. */
    private static Optional<PrivateMetricsListener> privateMetricsListener(MetricsConfig config, DeckhandMetrics metrics) {
        if (!config.enabled() || config.privatePort().isEmpty()) {
            return Optional.empty();
        }
        try {
            PrivateMetricsListener listener = PrivateMetricsListener.start(config.privateHost(), config.privatePort().get(),
                    metrics::scrape);
            LOG.info("metrics: http://{}:{}/metrics", config.privateHost(), listener.port());
            return Optional.of(listener);
        } catch (UncheckedIOException e) {
            throw new ConfigException("DECKHAND_METRICS_PORT: " + e.getMessage());
        }
    }

    /**
     * The configured sign-in backend. Remote ones sit behind {@link RememberedSignIns} so that a
     * burst of logins does not call the directory or Cognito for each.
     */
    private static Authenticator authenticator(SignInBackend backend, Authenticator accounts, Clock clock,
            List<AutoCloseable> resources) {
        Authenticator remote;
        Duration remember;
        if (backend instanceof SignInBackend.Ldap ldap) {
            LOG.info("sign-in: LDAP {}", ldap.settings());
            remote = new LdapAuthenticator(ldap.settings());
            remember = ldap.remember();
        } else if (backend instanceof SignInBackend.Cognito cognito) {
            LOG.info("sign-in: Cognito {}", cognito.settings());
            CognitoAuthenticator authenticator = new CognitoAuthenticator(cognito.settings());
            resources.add(authenticator);
            remote = authenticator;
            remember = cognito.remember();
        } else {
            return accounts;
        }
        return remember.isZero() ? remote : new RememberedSignIns(remote, remember, REMEMBERED_SIGN_INS, clock);
    }

    /** The shared-deck media service on PostgreSQL and S3; its resources close with the server. */
    private static SharedMedia sharedMedia(SharedMediaConfig config, Path dataFolder, Clock clock, List<AutoCloseable> resources,
            MeterRegistry metrics) {
        PostgresDatabase database = PostgresDatabase.open(config.postgres(), BuildInfo.current().stamp(), metrics);
        resources.add(database);
        S3ObjectStore objects = new S3ObjectStore(config.objects());
        resources.add(objects);
        LOG.info("shared-deck media: catalog {}, files in {}", config.postgres(), config.objects());
        return new SharedMediaService(new PostgresSharedMediaCatalog(database), objects, new ImageIoTranscoder(),
                config.limits(), temporaryFolder(dataFolder).resolve("shared-media"), clock);
    }

    /**
     * This node in the cluster's placements, announced before it serves: a user placed here can
     * only be sent here once the other nodes know its URL.
     */
    private static ClusterPlacement clusterPlacement(NodeConfig node, ServerState state, Clock clock) {
        ClusterPlacement placement = new ClusterPlacement(state.placements().orElseThrow(), node.id(), node.publicUrl(), clock,
                NodeConfig.SILENCE_LIMIT);
        int unfinished = placement.join();
        LOG.info("cluster node {} at {}", node.id(), node.publicUrl());
        if (unfinished > 0) {
            LOG.warn("{} moves of users away from this node were left unfinished (a crash?); those users stay here", unfinished);
        }
        return placement;
    }

    /** The heartbeat; a failure is logged and the next one tries again. */
    private static void announce(ClusterPlacement placement) {
        try {
            placement.announce();
        } catch (RuntimeException e) {
            LOG.warn("could not tell the other nodes this one is alive: {}", e.getMessage());
        }
    }

    @SuppressWarnings("try") // the lock is held for the block, never named in it
    private static void sharedMediaHousekeeping(SharedMedia shared, Duration grace, ChoreLock choreLock, DeckhandMetrics metrics) {
        try {
            Optional<? extends ChoreLock.Held> turn = choreLock.tryAcquire("shared-media-housekeeping");
            if (turn.isEmpty()) {
                LOG.info("shared-media housekeeping: another node is at it; skipped this time");
                return;
            }
            HousekeepingReport report;
            try (ChoreLock.Held held = turn.get()) {
                report = shared.housekeeping(grace);
            }
            LOG.info("shared-media housekeeping: {}", report);
            metrics.housekeepingRan(HousekeepingJob.SHARED_MEDIA, report.unreferencedFiles() + report.orphanObjects(),
                    report.bytesFreed());
        } catch (RuntimeException e) {
            LOG.error("shared-media housekeeping failed", e);
            metrics.housekeepingFailed(HousekeepingJob.SHARED_MEDIA);
        }
    }

    /** Runs shared-deck media housekeeping once with {@code grace}, for the admin command line. */
    static HousekeepingReport sharedMediaHousekeepingNow(ServerConfig config, Duration grace) {
        SharedMediaConfig shared = config.sharedMedia()
                .orElseThrow(() -> new ConfigException("DECKHAND_SHARED_MEDIA is not on"));
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            return sharedMedia(shared, config.dataFolder(), Clock.systemUTC(), resources, new CompositeMeterRegistry())
                    .housekeeping(grace);
        } finally {
            closeAll(resources);
        }
    }

    /**
     * A blob nobody references is kept this long before a sweep removes it: far longer than any
     * upload takes between storing a blob and recording it, and long enough to undo a mistake.
     */
    static final Duration BLOB_GRACE = Duration.ofHours(24);

    /** Every place temporary files are written: staged uploads, the temporary folder, blobs being stored. */
    private static List<Leftovers> leftovers(Path dataFolder, SqliteCollectionStore collections,
            Optional<Leftovers> blobParts) {
        List<Leftovers> leftovers = new ArrayList<>(List.of(collections, new TemporaryFolder(temporaryFolder(dataFolder))));
        blobParts.ifPresent(leftovers::add);
        return leftovers;
    }

    /** Removes temporary files last changed before {@code cutoff}, logging what it freed; never fails. */
    private static Leftovers.Removed removeLeftovers(List<Leftovers> leftovers, Instant cutoff, DeckhandMetrics metrics) {
        Leftovers.Removed removed = Leftovers.Removed.NONE;
        boolean failed = false;
        for (Leftovers place : leftovers) {
            try {
                removed = removed.plus(place.removeOlderThan(cutoff));
            } catch (RuntimeException e) {
                LOG.warn("removing left-over temporary files failed: {}", e.getMessage());
                failed = true;
            }
        }
        if (failed) {
            metrics.housekeepingFailed(HousekeepingJob.LEFTOVERS);
        } else {
            metrics.housekeepingRan(HousekeepingJob.LEFTOVERS, removed.files(), removed.bytes());
        }
        if (removed.files() > 0) {
            LOG.info("removed {} left-over temporary files ({} bytes)", removed.files(), removed.bytes());
        }
        return removed;
    }

    /** Removes temporary files older than the configured age, for the admin command line. */
    static Leftovers.Removed removeLeftoversNow(ServerConfig config) {
        Path dataFolder = DataFolder.existing(config.dataFolder());
        try (SqliteCollectionStore collections = new SqliteCollectionStore(dataFolder, new EmptyCollectionFactory(Clock.systemUTC()))) {
            // Only blobs on local disk leave parts in the data folder; an S3 store stages in the system's temp folder.
            Optional<Leftovers> blobParts = config.s3().isEmpty()
                    ? Optional.of(new FilesystemBlobStore(blobFolder(dataFolder))) : Optional.empty();
            return removeLeftovers(leftovers(dataFolder, collections, blobParts),
                    Instant.now().minus(config.storage().leftoverAge()), DeckhandMetrics.none());
        }
    }

    static Path blobFolder(Path dataFolder) {
        return dataFolder.resolve("blobs");
    }

    static Path temporaryFolder(Path dataFolder) {
        return dataFolder.resolve("tmp");
    }

    /** Media contents on local disk under the data folder (the default), or in S3. */
    static BlobStore blobStore(Path dataFolder, Optional<S3Settings> s3) {
        return s3.<BlobStore>map(S3BlobStore::new).orElseGet(() -> new FilesystemBlobStore(blobFolder(dataFolder)));
    }

    /** Runs one sweep over a data folder's media, for the admin command line. */
    @SuppressWarnings("try") // the lock is held for the block, never named in it
    static BlobSweep.Report sweepNow(ServerConfig config, Duration grace) {
        try (ChoreLock.Held held = choreLock(config).tryAcquire(MediaSyncEngine.SWEEP_CHORE).orElseThrow(() ->
                new IllegalStateException("a node of the cluster is sweeping media right now; try again later"))) {
            return ServerState.with(config, DataFolder.existing(config.dataFolder()), new Pbkdf2PasswordHashing(), state ->
                    sweep(config, state, grace));
        }
    }

    private static BlobSweep.Report sweep(ServerConfig config, ServerState state, Duration grace) {
        ContentGuard guard = contentGuard(config);
        try {
            return new BlobSweep(blobStore(config.dataFolder(), config.s3()), state.ledger(), guard, Clock.systemUTC()).sweep(grace);
        } finally {
            if (guard instanceof PostgresContentGuard closeable) {
                closeable.close();
            }
        }
    }

    /** The lock that lets one node at a time run a chore: PostgreSQL's when the state is there. */
    private static ChoreLock choreLock(ServerConfig config) {
        return config.serverDatabase().<ChoreLock>map(PostgresHousekeepingLock::new).orElse(ChoreLock.ALONE);
    }

    /**
     * What keeps a sweep from deleting a content an upload is about to record: PostgreSQL's, seen by
     * every node and by a command beside them, when the state is there; else a lock in this process.
     */
    private static ContentGuard contentGuard(ServerConfig config) {
        return config.serverDatabase().<ContentGuard>map(PostgresContentGuard::new).orElseGet(BlobGuard::new);
    }

    /** The accounts the settings name (PostgreSQL's, or the data folder's), for the admin command line. */
    static AccountAdministration accountsOf(ServerConfig config) {
        if (config.serverDatabase().isEmpty()) {
            return accountsIn(config.dataFolder());
        }
        ServerState state = ServerState.open(DataFolder.existing(config.dataFolder()), config.serverDatabase(),
                new Pbkdf2PasswordHashing(), Clock.systemUTC(), new CompositeMeterRegistry());
        return new AccountService(state.accounts(), state.hostKeys());
    }

    /** Opens the account database of a data folder, for the admin command line. */
    static AccountAdministration accountsIn(Path dataFolder) {
        ServerDatabase database = openServerDatabase(DataFolder.existing(dataFolder));
        return new AccountService(new SqliteAccountStore(database, Clock.systemUTC(), new Pbkdf2PasswordHashing()),
                new SqliteHostKeyStore(database));
    }

    /**
     * Reads the usage figures the settings name (the data folder's database or PostgreSQL, with the
     * collections in the data folder), for the admin command line; works while the server runs.
     */
    static <T> T readUsage(ServerConfig config, Function<ServerUsage, T> reading) {
        Path dataFolder = DataFolder.existing(config.dataFolder());
        return ServerState.with(config, dataFolder, new Pbkdf2PasswordHashing(),
                state -> reading.apply(state.usage(dataFolder, config.maxHostKeyAge(), Clock.systemUTC())));
    }

    /** Opens the server database of a data folder, as this build writes it. */
    static ServerDatabase openServerDatabase(Path dataFolder) {
        return ServerDatabase.open(serverDatabase(dataFolder), BuildInfo.current().stamp());
    }

    static Path serverDatabase(Path dataFolder) {
        return dataFolder.resolve("deckhand.sqlite");
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        http.close();
        closeAll(resources);
    }

    /** Closes each resource, logging a failure and going on to the next. */
    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    private static void provisionEnvironmentUsers(ServerConfig config, AccountAdministration accounts) {
        for (ServerConfig.EnvironmentUser declared : config.environmentUsers()) {
            AccountChange change = accounts.provision(declared.user(), declared.credential());
            if (change != AccountChange.UNCHANGED) {
                LOG.info("account {} from SYNC_USERn: {}", declared.user().name(), change);
            }
        }
    }

    private void announce(ServerConfig config) {
        String shownHost = "0.0.0.0".equals(config.host()) || "::".equals(config.host()) ? "<this machine's address>" : config.host();
        LOG.info("{} is listening on {}:{}, data in {}", BuildInfo.current().describe(), config.host(), port(),
                config.dataFolder().toAbsolutePath());
        String scheme = http.secure() ? "https" : "http";
        LOG.info("In Anki: Preferences > Syncing > Self-hosted sync server = {}://{}:{}/", scheme, shownHost, port());
        if (!http.secure()) {
            LOG.info("Phones need HTTPS: set DECKHAND_TLS_CERT and DECKHAND_TLS_KEY, or put a proxy in front (docs/deployment.md)");
        }
        if (!(config.signIn() instanceof SignInBackend.BuiltIn)) {
            if (!accounts.list().isEmpty()) {
                LOG.warn("Built-in accounts exist but sign-in goes to {}; they cannot sign in",
                        config.signIn().getClass().getSimpleName());
            }
        } else if (accounts.list().isEmpty()) {
            LOG.warn("No accounts yet, so nobody can sign in. Add one (no restart needed): "
                    + "deckhand user add <name>");
        }
    }
}
