package dev.deckhand.app.backup;

import dev.deckhand.ports.in.BackupListing;
import dev.deckhand.ports.in.BackupSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The complete backups of a {@link BackupDestination}, each dated by when its manifest was written. */
public final class DestinationBackups implements BackupListing {

    private final BackupDestination destination;

    public DestinationBackups(BackupDestination destination) {
        this.destination = Objects.requireNonNull(destination, "destination");
    }

    @Override
    public List<BackupSummary> backups() {
        List<BackupSummary> found = new ArrayList<>();
        for (BackupDestination.CompleteBackup backup : destination.complete()) {
            try {
                found.add(new BackupSummary(backup.name(), Files.getLastModifiedTime(backup.manifest()).toInstant()));
            } catch (IOException e) {
                // removed by retention since it was listed
            }
        }
        found.sort(Comparator.comparing(BackupSummary::completedAt).reversed());
        return List.copyOf(found);
    }
}
