package dev.deckhand.app;

import dev.deckhand.app.backup.BackupDestination;
import dev.deckhand.app.backup.OnlineBackup;
import dev.deckhand.app.backup.Retention;
import dev.deckhand.app.backup.ScheduledBackups;
import dev.deckhand.app.backup.SyncLockGuard;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.sync.lock.UserLocks;
import java.time.Clock;
import java.util.Optional;

/** Wires the server's own backups. */
final class Backups {

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
}
