package dev.deckhand.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the server's own backups: {@code DECKHAND_BACKUP_DIR} turns them on (off by default),
 * {@code DECKHAND_BACKUP_INTERVAL_HOURS} (24) and {@code DECKHAND_BACKUP_KEEP} (7) shape them.
 */
final class BackupSettings {

    static final int DEFAULT_INTERVAL_HOURS = 24;
    static final int DEFAULT_KEEP = 7;

    private BackupSettings() {}

    static Optional<BackupSchedule> fromEnv(EnvironmentVariables env, Path dataFolder) {
        Optional<String> folder = env.first("DECKHAND_BACKUP_DIR");
        if (folder.isEmpty()) {
            for (String name : new String[] {"DECKHAND_BACKUP_INTERVAL_HOURS", "DECKHAND_BACKUP_KEEP"}) {
                if (env.first(name).isPresent()) {
                    throw new ConfigException(name + " is set but DECKHAND_BACKUP_DIR is not; set it to turn backups on");
                }
            }
            return Optional.empty();
        }
        Path destination = Path.of(folder.get());
        requireOutside(destination, dataFolder, "DECKHAND_BACKUP_DIR");
        return Optional.of(new BackupSchedule(
                destination,
                Duration.ofHours(env.integer("DECKHAND_BACKUP_INTERVAL_HOURS", DEFAULT_INTERVAL_HOURS, 1, 24 * 366)),
                env.integer("DECKHAND_BACKUP_KEEP", DEFAULT_KEEP, 1, 10_000)));
    }

    /** Backups inside the data folder would go down with its disk, and a restore wants an empty folder. */
    static void requireOutside(Path destination, Path dataFolder, String what) {
        Path backups = destination.toAbsolutePath().normalize();
        Path data = dataFolder.toAbsolutePath().normalize();
        if (backups.startsWith(data) || data.startsWith(backups)) {
            throw new ConfigException(what + " (" + backups + ") and the data folder (" + data + ") must not contain each"
                    + " other; put backups on another disk");
        }
    }
}
