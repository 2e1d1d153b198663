package dev.deckhand.app;

import dev.deckhand.adapter.http.ApiRateLimits;
import dev.deckhand.adapter.postgres.PostgresSettings;
import dev.deckhand.adapter.s3.S3Settings;
import dev.deckhand.media.shared.SharedMediaLimits;
import dev.deckhand.ports.in.AccountAdministration;
import dev.deckhand.ports.model.UserId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything the shared-deck media service runs on, for real and on loopback: PostgreSQL 18
 * (embedded binaries), S3Proxy as its own process, and Deckhand servers wired to both.
 */
final class SharedMediaServer implements AutoCloseable {

    static final String BUCKET = "shared-media";
    private static final AtomicInteger USERS = new AtomicInteger();

    private final Path work;
    private final EmbeddedPostgres postgres;
    private final S3ProxyProcess s3;
    private final S3Client s3Client;
    private final List<Deckhand> servers = new ArrayList<>();
    private final List<AccountAdministration> accounts = new ArrayList<>();

    private SharedMediaServer(Path work, EmbeddedPostgres postgres, S3ProxyProcess s3) {
        this.work = work;
        this.postgres = postgres;
        this.s3 = s3;
        this.s3Client = s3.client();
        s3Client.createBucket(b -> b.bucket(BUCKET));
    }

    static SharedMediaServer start() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("deckhand-shared-media");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        try {
            return new SharedMediaServer(work, postgres, S3ProxyProcess.start(work));
        } catch (IOException | InterruptedException | RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** Test limits: images up to 2 MiB, 50 megapixels, a grace period of zero (deletions are immediate). */
    static SharedMediaLimits limits(Duration uploadTtl) {
        return new SharedMediaLimits(100, 2L << 20, 4L << 20, 50_000_000L, uploadTtl, Duration.ofMinutes(15), Duration.ZERO,
                1_000);
    }

    /** A Deckhand with the shared-media API on, sharing this database and bucket with any other started. */
    /** Rates no test reaches unless it means to. */
    static final ApiRateLimits GENEROUS = new ApiRateLimits(10_000, 100_000, 10_000, 100_000);

    Deckhand deckhand(SharedMediaLimits limits) throws IOException {
        return deckhand(limits, GENEROUS);
    }

    Deckhand deckhand(SharedMediaLimits limits, ApiRateLimits rates) throws IOException {
        ServerConfig config = config(limits, rates);
        Deckhand deckhand = Deckhand.start(config);
        servers.add(deckhand);
        accounts.add(Deckhand.accountsIn(config.dataFolder()));
        return deckhand;
    }

    /** The configuration of a server on this database and bucket, with a data folder of its own. */
    ServerConfig config(SharedMediaLimits limits) throws IOException {
        return config(limits, GENEROUS);
    }

    ServerConfig config(SharedMediaLimits limits, ApiRateLimits rates) throws IOException {
        Path data = Files.createTempDirectory(work, "deckhand");
        SharedMediaConfig shared = new SharedMediaConfig(
                new PostgresSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 10),
                new S3Settings(Optional.of(s3.endpoint()), "us-east-1", BUCKET, "", true,
                        Optional.of(S3ProxyProcess.ACCESS_KEY), Optional.of(S3ProxyProcess.SECRET_KEY)),
                limits, rates);
        return new ServerConfig(data, "127.0.0.1", 0, 1, Duration.ofSeconds(2), List.of(), Optional.empty(),
                new SignInBackend.BuiltIn(), Optional.empty(), Optional.of(shared), NetworkConfig.plain(),
                StorageConfig.defaults(), Optional.empty(), MetricsConfig.defaults());
    }

    /** A new account on every server started so far, with the cheap test password. */
    String newUser() {
        String name = "member" + USERS.incrementAndGet();
        for (AccountAdministration server : accounts) {
            server.add(new UserId(name), RunningServer.CHEAP_HASH);
        }
        return name;
    }

    S3Client s3() {
        return s3Client;
    }

    java.net.URI s3Endpoint() {
        return s3.endpoint();
    }

    @Override
    public void close() throws IOException {
        for (Deckhand deckhand : servers) {
            deckhand.close();
        }
        s3Client.close();
        s3.close();
        postgres.close();
    }
}
