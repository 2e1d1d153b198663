package dev.deckhand.ports.out;

import java.util.function.Supplier;

/**
 * Keeps housekeeping from deleting a media content between an upload storing it and the upload's
 * ledger change that references it: uploads hold the shared side from storing until their ledger
 * commit, a sweep holds the exclusive side while it re-checks and deletes. In one process a
 * read-write lock does it; the nodes of a cluster need it from the database they share.
 */
public interface ContentGuard {

    /** Runs an upload's store-then-reference work; many may run at once, none while a sweep deletes. */
    <T> T whileUploading(Supplier<T> work);

    /**
     * Runs a sweep's re-check and deletions with no upload between storing and referencing, if that
     * can be had soon.
     *
     * @return false, without running {@code work}, when uploads kept the guard too long; the sweep
     *     tries again next time
     */
    boolean whileDeleting(Runnable work);
}
