package dev.deckhand.ports.out.nodes;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.StoredFile;
import java.net.URI;

/** Carries a user's collection to another node of the cluster, which checks and installs it. */
public interface CollectionCourier {

    /**
     * Sends the collection to the node at {@code node} (its base URL).
     *
     * @return the SHA-256 of the file the other node installed
     * @throws StorageException if the other node could not be reached or refused the collection
     */
    Sha256 deliver(UserId user, URI node, StoredFile collection);
}
