package dev.deckhand.ports.in.decks;

/**
 * What one housekeeping run did: expired upload tickets removed, unreferenced files deleted,
 * reference counts that were wrong and were repaired, objects nothing knew deleted, bytes freed.
 */
public record HousekeepingReport(int expiredTickets, int unreferencedFiles, int repairedCounts, int orphanObjects,
        long bytesFreed) {}
