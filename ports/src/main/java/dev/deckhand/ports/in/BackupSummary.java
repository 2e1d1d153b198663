package dev.deckhand.ports.in;

import java.time.Instant;
import java.util.Objects;

/**
 * One complete backup.
 *
 * @param name its folder's name in the destination ({@code backup-2026-12-04T03-00-00Z})
 * @param completedAt when it was completed (its manifest was written last)
 */
public record BackupSummary(String name, Instant completedAt) {

    public BackupSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(completedAt, "completedAt");
    }
}
