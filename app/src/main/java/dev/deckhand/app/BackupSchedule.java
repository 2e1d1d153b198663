package dev.deckhand.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Backups the server makes by itself ({@code DECKHAND_BACKUP_DIR} and friends).
 *
 * @param destination where they go (a {@code deckhand backup DEST} folder)
 * @param interval time between two backups
 * @param keep how many complete backups to keep; older ones and the media only they held are deleted
 */
public record BackupSchedule(Path destination, Duration interval, int keep) {
    public BackupSchedule {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero() || keep < 1) {
            throw new IllegalArgumentException("a schedule needs a positive interval and keeps at least one backup");
        }
    }
}
