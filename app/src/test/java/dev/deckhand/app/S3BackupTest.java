package dev.deckhand.app;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.adapter.s3.S3BlobStore;
import dev.deckhand.adapter.s3.S3Settings;
import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteMediaLedger;
import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.app.backup.BackupDestination;
import dev.deckhand.app.backup.OnlineBackup;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.MediaLedger.MediaUpdate;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Media kept in S3 (S3Proxy here) are copied into the backup, and restored into the configured bucket. */
class S3BackupTest {

    @TempDir
    Path temp;

    @Test
    void mediaInS3_areBackedUpToTheDestination_andRestoredIntoTheConfiguredBucket() throws Exception {
        try (S3ProxyProcess s3 = S3ProxyProcess.start(temp)) {
            s3.client().createBucket(b -> b.bucket("live"));
            s3.client().createBucket(b -> b.bucket("after-the-fire"));
            Path data = temp.resolve("data");
            byte[] cat = "a cat, kept in S3".getBytes(StandardCharsets.UTF_8);
            MediaFile file = new MediaFile(hex("SHA-1", cat), new Sha256(hex("SHA-256", cat)), cat.length);
            try (ServerDatabase database = ServerDatabase.open(data.resolve("deckhand.sqlite"), STAMP);
                    S3BlobStore blobs = new S3BlobStore(settings(s3, "live"))) {
                blobs.put(file.sha256(), new ByteArrayInputStream(cat), cat.length);
                new SqliteMediaLedger(database).apply(new UserId("alice"),
                        List.of(new MediaUpdate("cat.png", Optional.of(file))), 1);
            }
            Path collection = new CollectionFiles(data).collection(new UserId("alice"));
            Files.createDirectories(collection.getParent());
            new EmptyCollectionFactory(Clock.systemUTC()).create(collection);
            BackupDestination destination = new BackupDestination(temp.resolve("backups"));

            OnlineBackup.Report backup = Backups.backupNow(config(data, settings(s3, "live")), data, destination);

            assertThat(backup.blobsCopied()).isEqualTo(1);
            assertThat(destination.blobs().exists(file.sha256())).isTrue();

            Path restored = temp.resolve("restored");
            Backups.restore(config(restored, settings(s3, "after-the-fire")), backup.backup());

            try (S3BlobStore bucket = new S3BlobStore(settings(s3, "after-the-fire"));
                    InputStream in = bucket.open(file.sha256()).orElseThrow()) {
                assertThat(in.readAllBytes()).isEqualTo(cat);
            }
            assertThat(restored.resolve("deckhand.sqlite")).isRegularFile();
            assertThat(restored.resolve("blobs")).as("media went to the bucket, not the disk").doesNotExist();
        }
    }

    private static S3Settings settings(S3ProxyProcess s3, String bucket) {
        return new S3Settings(Optional.of(s3.endpoint()), "us-east-1", bucket, "", true,
                Optional.of(S3ProxyProcess.ACCESS_KEY), Optional.of(S3ProxyProcess.SECRET_KEY));
    }

    private static ServerConfig config(Path data, S3Settings s3) {
        return new ServerConfig(data, "127.0.0.1", 0, 1, Duration.ofSeconds(2), List.of(), Optional.of(s3),
                new SignInBackend.BuiltIn(), Optional.empty(), Optional.empty(), NetworkConfig.plain(), StorageConfig.defaults(),
                Optional.empty(), MetricsConfig.defaults());
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
