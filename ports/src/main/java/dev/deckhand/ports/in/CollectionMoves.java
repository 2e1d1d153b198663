package dev.deckhand.ports.in;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import java.io.InputStream;

/** Moving a user's collection between the nodes of a cluster, one user at a time. */
public interface CollectionMoves {

    /**
     * Moves the user's collection from this node to {@code to}: holds the user's sync lock (their
     * syncs are answered "account moving, try again"), ends any sync in progress, copies the file,
     * checks that the other node installed exactly these bytes, and only then places the user there
     * and deletes the copy here. On any failure the user stays here, as before.
     *
     * @throws MoveRefusedException if the user is not here, is already moving, or {@code to} is not
     *     a live node
     */
    MovedCollection moveOut(UserId user, NodeId to);

    /**
     * Takes in a collection another node is moving here: checked as a full upload is, and installed
     * only if the user is being moved.
     *
     * @return the SHA-256 of the installed file
     * @throws MoveRefusedException if the user is not being moved, or the file is not a collection
     */
    Sha256 moveIn(UserId user, InputStream collection);

    /** A completed move: the collection's size and digest, identical on both nodes. */
    record MovedCollection(UserId user, NodeId to, long bytes, Sha256 sha256) {}
}
