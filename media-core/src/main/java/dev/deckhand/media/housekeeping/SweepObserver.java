package dev.deckhand.media.housekeeping;

/**
 * Hears how each scheduled blob sweep went, for metrics; the sweep logs its result itself. Called on
 * the housekeeping thread; an implementation must not throw.
 */
public interface SweepObserver {

    /** Hears nothing. */
    SweepObserver NONE = new SweepObserver() {};

    /** A sweep finished. */
    default void swept(BlobSweep.Report report) {}

    /** A sweep failed; the next one runs as scheduled. */
    default void failed(RuntimeException failure) {}
}
