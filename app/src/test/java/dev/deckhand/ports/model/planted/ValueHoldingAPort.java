package dev.deckhand.ports.model.planted;

import dev.deckhand.ports.out.BlobStore;

/** Planted violation: a value record that holds a driven port. */
public record ValueHoldingAPort(BlobStore blobs) {}
