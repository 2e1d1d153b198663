package dev.deckhand.app;

import dev.deckhand.adapter.postgres.PostgresSettings;
import dev.deckhand.adapter.s3.S3Settings;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything Deckhand reads from the environment. Deckhand's own names start with {@code DECKHAND_};
 * the official sync server's names ({@code SYNC_BASE}, {@code SYNC_HOST}, {@code SYNC_PORT},
 * {@code SYNC_USER1..N}, {@code PASSWORDS_HASHED}, {@code MAX_SYNC_PAYLOAD_MEGS}) are accepted too,
 * so an existing setup keeps working. A Deckhand name wins when both are set.
 *
 * @param dataFolder where collections and the server database live
 * @param host address to bind
 * @param port TCP port; 0 picks a free one
 * @param maxPayloadMegabytes the official {@code MAX_SYNC_PAYLOAD_MEGS}; collections may be three times this
 * @param lockWait how long a request waits for the same user's other sync before answering 409
 * @param environmentUsers accounts declared by {@code SYNC_USERn}
 * @param s3 where media blobs go when they are kept in S3; empty keeps them under the data folder
 * @param signIn who checks passwords
 * @param maxHostKeyAge how long after a login its host key works; empty: until revoked
 * @param sharedMedia the shared-deck media service, when it runs
 * @param network built-in HTTPS, trusted proxies and sign-in limits
 * @param storage quotas, the disk reserve and how long temporary files live
 * @param backups the backups the server makes by itself, when they are on
 * @param metrics whether and where {@code /metrics} is served
 * @param serverDatabase the PostgreSQL database holding accounts, host keys, media ledgers and
 *     placements; empty keeps them in the data folder's {@code deckhand.sqlite}
 * @param node this server's part in a cluster of nodes; empty for a server on its own
 */
public record ServerConfig(
        Path dataFolder,
        String host,
        int port,
        long maxPayloadMegabytes,
        Duration lockWait,
        List<EnvironmentUser> environmentUsers,
        Optional<S3Settings> s3,
        SignInBackend signIn,
        Optional<Duration> maxHostKeyAge,
        Optional<SharedMediaConfig> sharedMedia,
        NetworkConfig network,
        StorageConfig storage,
        Optional<BackupSchedule> backups,
        MetricsConfig metrics,
        Optional<PostgresSettings> serverDatabase,
        Optional<NodeConfig> node) {

    public ServerConfig {
        Objects.requireNonNull(dataFolder, "dataFolder");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(lockWait, "lockWait");
        environmentUsers = List.copyOf(environmentUsers);
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(signIn, "signIn");
        Objects.requireNonNull(maxHostKeyAge, "maxHostKeyAge");
        Objects.requireNonNull(sharedMedia, "sharedMedia");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(backups, "backups");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(serverDatabase, "serverDatabase");
        Objects.requireNonNull(node, "node");
    }

    /** A server on its own, with its shared state in {@code deckhand.sqlite}. */
    public ServerConfig(Path dataFolder, String host, int port, long maxPayloadMegabytes, Duration lockWait,
            List<EnvironmentUser> environmentUsers, Optional<S3Settings> s3, SignInBackend signIn,
            Optional<Duration> maxHostKeyAge, Optional<SharedMediaConfig> sharedMedia, NetworkConfig network,
            StorageConfig storage, Optional<BackupSchedule> backups, MetricsConfig metrics) {
        this(dataFolder, host, port, maxPayloadMegabytes, lockWait, environmentUsers, s3, signIn, maxHostKeyAge, sharedMedia,
                network, storage, backups, metrics, Optional.empty(), Optional.empty());
    }

    /** The embedded default's settings: blobs on local disk, built-in accounts. */
    public ServerConfig(Path dataFolder, String host, int port, long maxPayloadMegabytes, Duration lockWait,
            List<EnvironmentUser> environmentUsers) {
        this(dataFolder, host, port, maxPayloadMegabytes, lockWait, environmentUsers, Optional.empty(),
                new SignInBackend.BuiltIn(), Optional.empty(), Optional.empty(), NetworkConfig.plain(),
                StorageConfig.defaults(), Optional.empty(), MetricsConfig.defaults());
    }

    /** An account from {@code SYNC_USERn=name:password}. */
    public record EnvironmentUser(UserId user, Credential credential) {
        @Override
        public String toString() {
            return "EnvironmentUser[" + user.name() + "]";
        }
    }

    /** The settings of this process: its environment laid over the settings file (see {@link SettingsSource}). */
    static ServerConfig load() {
        return fromEnv(SettingsSource.load(System.getenv()));
    }

    public static ServerConfig fromEnv(Map<String, String> env) {
        return fromSettings(new EnvironmentVariables(env));
    }

    /** The one parser of the server's settings; {@code config check} passes variables that note what it reads. */
    static ServerConfig fromSettings(EnvironmentVariables settings) {
        Path dataFolder = Path.of(settings.text("data", "DECKHAND_DATA_DIR", "SYNC_BASE"));
        Optional<S3Settings> s3 = s3(settings);
        Optional<PostgresSettings> serverDatabase = ClusterSettings.serverDatabase(settings);
        ServerConfig config = new ServerConfig(
                dataFolder,
                settings.text("0.0.0.0", "DECKHAND_HOST", "SYNC_HOST"),
                settings.integer("DECKHAND_PORT", "SYNC_PORT", 8080, 0, 65_535),
                settings.integer("DECKHAND_MAX_SYNC_PAYLOAD_MEGS", "MAX_SYNC_PAYLOAD_MEGS", 100, 1, 4096),
                Duration.ofSeconds(settings.integer("DECKHAND_LOCK_WAIT_SECONDS", 30, 1, 3600)),
                environmentUsers(settings),
                s3,
                SignInSettings.fromEnv(settings),
                maxHostKeyAge(settings),
                SharedMediaSettings.fromEnv(settings),
                NetworkSettings.fromEnv(settings),
                StorageConfig.fromEnv(settings),
                BackupSettings.fromEnv(settings, dataFolder),
                MetricsConfig.fromEnv(settings),
                serverDatabase,
                ClusterSettings.node(settings, serverDatabase.isPresent(), s3.isPresent()));
        S3KeySpaces.requireDisjoint(config.s3(), config.sharedMedia());
        return config;
    }

    private static Optional<S3Settings> s3(EnvironmentVariables settings) {
        String store = settings.text("filesystem", "DECKHAND_BLOB_STORE");
        if (store.equals("filesystem")) {
            return Optional.empty();
        }
        if (!store.equals("s3")) {
            throw new ConfigException("DECKHAND_BLOB_STORE must be filesystem or s3, got '" + store + "'");
        }
        String bucket = settings.first("DECKHAND_S3_BUCKET")
                .orElseThrow(() -> new ConfigException("DECKHAND_S3_BUCKET is required when DECKHAND_BLOB_STORE=s3"));
        return Optional.of(S3Connection.fromEnv(settings, bucket, settings.text("", "DECKHAND_S3_PREFIX")));
    }

    private static Optional<Duration> maxHostKeyAge(EnvironmentVariables settings) {
        int days = settings.integer("DECKHAND_HOST_KEY_MAX_AGE_DAYS", 0, 0, 3650);
        return days == 0 ? Optional.empty() : Optional.of(Duration.ofDays(days));
    }

    private static List<EnvironmentUser> environmentUsers(EnvironmentVariables settings) {
        boolean hashed = settings.present("PASSWORDS_HASHED");
        List<EnvironmentUser> users = new ArrayList<>();
        // Like the official server: SYNC_USER1, SYNC_USER2, ... up to the first gap.
        for (int i = 1; settings.present("SYNC_USER" + i); i++) {
            String variable = "SYNC_USER" + i;
            String value = settings.secret(variable).orElse("");
            int colon = value.indexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new ConfigException(variable + " must be in username:password format");
            }
            String secret = value.substring(colon + 1);
            try {
                UserId user = new UserId(value.substring(0, colon));
                Credential credential = hashed ? new Credential.PasswordHash(secret) : new Credential.PlainPassword(secret);
                users.add(new EnvironmentUser(user, credential));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(variable + ": " + e.getMessage());
            }
        }
        return users;
    }
}
