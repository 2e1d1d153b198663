package dev.deckhand.adapter.metrics;

/** The server's periodic clean-ups, as named in the {@code job} label. */
public enum HousekeepingJob {
    /** Media contents no ledger names any more. */
    BLOB_SWEEP("blob_sweep"),
    /** Temporary files left by interrupted uploads and downloads. */
    LEFTOVERS("leftovers"),
    /** Expired upload tickets, unreferenced files and orphan objects of the shared-deck media service. */
    SHARED_MEDIA("shared_media");

    private final String label;

    HousekeepingJob(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
