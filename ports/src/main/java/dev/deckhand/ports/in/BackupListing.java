package dev.deckhand.ports.in;

import java.util.List;

/** The complete backups in the configured backup destination, for the administrators' dashboard. */
public interface BackupListing {

    /** Complete backups, newest first; empty when none has been made. */
    List<BackupSummary> backups();
}
