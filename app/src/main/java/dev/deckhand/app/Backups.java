package dev.deckhand.app;

import dev.deckhand.adapter.s3.S3Settings;
import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteMediaLedger;
import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.adapter.sqlite.collection.ColpkgWriter;
import dev.deckhand.app.backup.BackupDestination.CompleteBackup;
import dev.deckhand.app.backup.BackupDestination;
import dev.deckhand.app.backup.BackupVerifier;
import dev.deckhand.app.backup.CollectionGuard;
import dev.deckhand.app.backup.OnlineBackup;
import dev.deckhand.app.backup.Restore;
import dev.deckhand.app.backup.Retention;
import dev.deckhand.app.backup.ScheduledBackups;
import dev.deckhand.app.backup.SyncLockGuard;
import dev.deckhand.app.backup.UserExport;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.sync.lock.UserLocks;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires backups, restore and export, for the command line and for the server's own schedule. */
final class Backups {

    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);

    private Backups() {}

    /** The version written into manifests: the jar's, or "development" when run from classes. */
    static String version() {
        return Optional.ofNullable(Backups.class.getPackage().getImplementationVersion()).orElse("development");
    }

    /** The server's own backups: the same steps as {@code deckhand backup}, holding each user's sync lock. */
    static ScheduledBackups scheduled(ServerConfig config, BackupSchedule schedule, BlobStore blobs, UserLocks locks,
            Clock clock) {
        OnlineBackup backup = new OnlineBackup(config.dataFolder(), Deckhand.serverDatabase(config.dataFolder()), blobs,
                new SyncLockGuard(locks), clock, version());
        return new ScheduledBackups(backup, new BackupDestination(schedule.destination()), new Retention(),
                schedule.interval(), schedule.keep(), clock);
    }

    /** {@code deckhand backup}: a process beside the server, which has no access to its locks. */
    static OnlineBackup.Report backupNow(ServerConfig config, Path dataFolder, BackupDestination destination) {
        return withBlobStore(dataFolder, config.s3(), blobs -> new OnlineBackup(dataFolder,
                Deckhand.serverDatabase(dataFolder), blobs, CollectionGuard.none(), Clock.systemUTC(), version())
                .run(destination));
    }

    static BackupVerifier.Verification verify(CompleteBackup backup) {
        return new BackupVerifier().verify(backup, backup.destination().blobs());
    }

    /** {@code deckhand restore}: into the configured data folder, media into its blob store (local or S3). */
    static Restore.Report restore(ServerConfig config, CompleteBackup backup) {
        if (config.s3().isEmpty()) {
            return new Restore(folder -> Deckhand.blobStore(folder, Optional.empty()), Clock.systemUTC())
                    .into(config.dataFolder(), backup, backup.destination().blobs());
        }
        return withBlobStore(config.dataFolder(), config.s3(), bucket -> new Restore(folder -> bucket, Clock.systemUTC())
                .into(config.dataFolder(), backup, backup.destination().blobs()));
    }

    /** {@code deckhand export}. */
    static ColpkgWriter.Contents export(ServerConfig config, Path dataFolder, UserId user, Path file) {
        try (ServerDatabase database = Deckhand.openServerDatabase(dataFolder)) {
            return withBlobStore(dataFolder, config.s3(), blobs ->
                    new UserExport(new CollectionFiles(dataFolder), new SqliteMediaLedger(database), blobs).write(user, file));
        }
    }

    private static <T> T withBlobStore(Path dataFolder, Optional<S3Settings> s3, Function<BlobStore, T> work) {
        BlobStore blobs = Deckhand.blobStore(dataFolder, s3);
        try {
            return work.apply(blobs);
        } finally {
            if (blobs instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("closing the blob store failed: {}", e.getMessage());
                }
            }
        }
    }
}
