package dev.deckhand.ports.out;

import dev.deckhand.ports.model.UserId;

/** A checked upload waiting in a staging file. Closing it without installing discards it. */
public interface StagedCollection extends AutoCloseable {

    UserId user();

    /** Deletes the staging file if it has not been installed; idempotent. */
    @Override
    void close();
}
