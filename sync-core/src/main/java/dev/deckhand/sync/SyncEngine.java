package dev.deckhand.sync;

import dev.deckhand.ports.in.CollectionMoves;
import dev.deckhand.ports.in.CollectionSync;
import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.NormalSync;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.CollectionStore;
import dev.deckhand.ports.out.CollectionTransactions;
import dev.deckhand.ports.out.DiskSpace;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.MediaUsnSource;
import dev.deckhand.ports.out.SyncEvents;
import dev.deckhand.ports.out.TokenGenerator;
import dev.deckhand.ports.out.nodes.CollectionCourier;
import dev.deckhand.sync.full.FullSync;
import dev.deckhand.sync.lock.UserLocks;
import dev.deckhand.sync.login.HostKeyLoginService;
import dev.deckhand.sync.meta.MetaStep;
import dev.deckhand.sync.placement.PlacedLocks;
import dev.deckhand.sync.placement.ClusterPlacement;
import dev.deckhand.sync.placement.CollectionMoveService;
import dev.deckhand.sync.placement.UserPlacement;
import dev.deckhand.sync.session.SyncSessions;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Deckhand's collection sync, wired and running: sign-in with host keys, {@code meta}, full and
 * normal sync, for any number of users at once and one sync at a time per user. Give it the
 * adapters through {@link #builder()}, hand its three driving ports to the HTTP routes, and close
 * it when the server stops.
 *
 * <p>It owns what the use cases share: the per-user locks, the open normal-sync sessions, and a
 * daemon thread that rolls back sessions a client abandoned. Closing it stops that thread; the
 * adapters stay open (they are the caller's), so close them afterwards.
 *
 * <pre>{@code
 * SyncEngine engine = SyncEngine.builder()
 *         .collections(collectionStore)     // CollectionStore and CollectionTransactions
 *         .signIn(authenticator)
 *         .hostKeys(hostKeyStore)
 *         .mediaUsns(mediaUsnSource)
 *         .build();
 * }</pre>
 */
public final class SyncEngine implements AutoCloseable {

    private final HostKeyLogin login;
    private final CollectionSync collectionSync;
    private final NormalSyncService normalSync;
    private final SyncSessions sessions;
    private final UserLocks locks;
    private final ScheduledExecutorService expiry;
    private final Optional<CollectionMoves> moves;

    private SyncEngine(Builder builder) {
        this.locks = new UserLocks(builder.lockWait, builder.events);
        this.sessions = new SyncSessions(builder.transactions, builder.clock, builder.sessionIdleTimeout);
        PlacedLocks placedLocks = new PlacedLocks(locks, builder.placement);
        FullSync fullSync = new FullSync(builder.store, placedLocks, sessions, builder.limits, builder.diskSpace, builder.clock);
        this.collectionSync = new CollectionSyncService(builder.store, locks, placedLocks, sessions,
                new MetaStep(builder.limits, builder.clock), fullSync, builder.mediaUsns);
        this.normalSync = new NormalSyncService(sessions, locks, placedLocks, builder.clock);
        this.moves = builder.cluster.map(cluster -> new CollectionMoveService(cluster, locks, sessions, builder.store,
                builder.courier, builder.limits));
        this.login = new HostKeyLoginService(builder.authenticator, builder.hostKeys, builder.tokens, builder.clock,
                builder.concurrentSignIns, builder.lockWait, builder.maxHostKeyAge);
        this.expiry = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deckhand-session-expiry");
            thread.setDaemon(true);
            return thread;
        });
        long every = builder.expiryInterval.toMillis();
        expiry.scheduleWithFixedDelay(normalSync::expireIdleSessions, every, every, TimeUnit.MILLISECONDS);
    }

    /** A builder with Deckhand's defaults for everything but the four adapters it needs. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code /sync/hostKey}: checks a password and issues a device its host key. */
    public HostKeyLogin login() {
        return login;
    }

    /** {@code /sync/meta}, full upload and download, abort. */
    public CollectionSync collectionSync() {
        return collectionSync;
    }

    /** The steps of a normal sync, {@code start} to {@code finish}. */
    public NormalSync normalSync() {
        return normalSync;
    }

    /** Moving collections to and from other nodes; present only for a node of a cluster. */
    public Optional<CollectionMoves> moves() {
        return moves;
    }

    /** Normal syncs open right now, for a gauge. */
    public int activeSessions() {
        return sessions.activeCount();
    }

    /**
     * The per-user locks every sync step holds; take one for work that must not overlap a user's
     * sync, such as copying their collection for a backup.
     */
    public UserLocks userLocks() {
        return locks;
    }

    /** Rolls back the normal syncs nobody touched for the idle timeout now, without waiting for the schedule. */
    public void expireIdleSessions() {
        normalSync.expireIdleSessions();
    }

    /** Stops the idle-session expiry. Open sessions stay as they are; the adapters are not closed. */
    @Override
    public void close() {
        expiry.shutdownNow();
    }

    /** What {@link SyncEngine} is made of; every setting but the four adapters has a default. */
    public static final class Builder {

        private static final DiskSpace UNCHECKED_DISK = bytes -> true;

        private CollectionStore store;
        private CollectionTransactions transactions;
        private Authenticator authenticator;
        private HostKeyStore hostKeys;
        private MediaUsnSource mediaUsns;
        private Clock clock = Clock.systemUTC();
        private TokenGenerator tokens = TokenGenerator.secureRandom();
        private SyncLimits limits = SyncLimits.fromPayloadMegabytes(100);
        private DiskSpace diskSpace = UNCHECKED_DISK;
        private Duration lockWait = Duration.ofSeconds(30);
        // Anki gives up on a request after 30 to 60 s without progress, so five idle minutes are only
        // ever reached by abandoned syncs.
        private Duration sessionIdleTimeout = Duration.ofMinutes(5);
        private Duration expiryInterval = Duration.ofMinutes(1);
        // Password checks are slow by design; half the cores may run them, the rest stay for syncs.
        private int concurrentSignIns = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private Optional<Duration> maxHostKeyAge = Optional.empty();
        private SyncEvents events = SyncEvents.NONE;
        private UserPlacement placement = UserPlacement.ONE_NODE;
        private Optional<ClusterPlacement> cluster = Optional.empty();
        private CollectionCourier courier;

        private Builder() {}

        /**
         * Required: where collections live. One object plays both roles, so a normal sync's
         * transaction is always on the store that {@code meta} and full sync read.
         */
        public <S extends CollectionStore & CollectionTransactions> Builder collections(S collections) {
            Objects.requireNonNull(collections, "collections");
            this.store = collections;
            this.transactions = collections;
            return this;
        }

        /** Required: checks user names and passwords; the name it returns owns the data. */
        public Builder signIn(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /** Required: keeps the (hashed) host keys issued to devices. */
        public Builder hostKeys(HostKeyStore hostKeys) {
            this.hostKeys = Objects.requireNonNull(hostKeys, "hostKeys");
            return this;
        }

        /**
         * Required: each user's media USN, which {@code meta} reports so that clients skip media
         * sync when nothing changed. With media sync, pass its source; without, {@code user -> 0}.
         */
        public Builder mediaUsns(MediaUsnSource mediaUsns) {
            this.mediaUsns = Objects.requireNonNull(mediaUsns, "mediaUsns");
            return this;
        }

        /** Default: the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Default: {@link TokenGenerator#secureRandom()}. */
        public Builder tokens(TokenGenerator tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** Default: the official server's, for a {@code MAX_SYNC_PAYLOAD_MEGS} of 100. */
        public Builder limits(SyncLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Default: uploads are never refused for lack of disk space before they start. */
        public Builder diskSpace(DiskSpace diskSpace) {
            this.diskSpace = Objects.requireNonNull(diskSpace, "diskSpace");
            return this;
        }

        /** How long a request (or a sign-in) waits for its turn before it is answered 409 or busy. Default: 30 s. */
        public Builder lockWait(Duration lockWait) {
            this.lockWait = positive(lockWait, "lockWait");
            return this;
        }

        /** A normal sync untouched this long is rolled back. Default: 5 minutes. */
        public Builder sessionIdleTimeout(Duration timeout) {
            this.sessionIdleTimeout = positive(timeout, "sessionIdleTimeout");
            return this;
        }

        /** How often idle sessions are looked for. Default: every minute. */
        public Builder expiryInterval(Duration interval) {
            this.expiryInterval = positive(interval, "expiryInterval");
            return this;
        }

        /** Password checks allowed at once; more sign-ins queue. Default: half the processors. */
        public Builder concurrentSignIns(int concurrentSignIns) {
            if (concurrentSignIns < 1) {
                throw new IllegalArgumentException("at least one sign-in must be allowed at a time");
            }
            this.concurrentSignIns = concurrentSignIns;
            return this;
        }

        /** Host keys older than this make the device sign in again. Default: keys last until revoked. */
        public Builder maxHostKeyAge(Optional<Duration> maxHostKeyAge) {
            this.maxHostKeyAge = Objects.requireNonNull(maxHostKeyAge, "maxHostKeyAge");
            return this;
        }

        /** Hears lock waits, for metrics. Default: {@link SyncEvents#NONE}. */
        public Builder events(SyncEvents events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /**
         * Makes this engine one node of a cluster: each user's collection lives on the node its
         * placement names, clients are sent there, and {@link SyncEngine#moves()} moves collections
         * to other nodes through {@code courier}. Default: a server on its own, every collection here.
         */
        public Builder cluster(ClusterPlacement cluster, CollectionCourier courier) {
            this.cluster = Optional.of(Objects.requireNonNull(cluster, "cluster"));
            this.placement = cluster;
            this.courier = Objects.requireNonNull(courier, "courier");
            return this;
        }

        /** A running engine; fails naming the first required adapter that was not given. */
        public SyncEngine build() {
            Objects.requireNonNull(store, "collections(...) is required");
            Objects.requireNonNull(authenticator, "signIn(...) is required");
            Objects.requireNonNull(hostKeys, "hostKeys(...) is required");
            Objects.requireNonNull(mediaUsns, "mediaUsns(...) is required");
            warnIfLogsGoNowhere();
            return new SyncEngine(this);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return duration;
        }

        /**
         * Deckhand reports failures, adapters' exceptions included, through SLF4J only. With no SLF4J
         * provider on an embedder's classpath those reports vanish, so each build says so through the
         * JDK's own logger, which always reaches standard error.
         */
        private static void warnIfLogsGoNowhere() {
            if (LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory) {
                System.getLogger(SyncEngine.class.getName()).log(System.Logger.Level.WARNING,
                        "SLF4J has no provider on the classpath, so Deckhand's failure reports are dropped;"
                                + " add one, e.g. org.slf4j:slf4j-simple or ch.qos.logback:logback-classic");
            }
        }
    }
}
