package dev.deckhand.sync.placement;

import dev.deckhand.ports.in.AccountMovingException;
import dev.deckhand.ports.in.PlacedElsewhereException;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.sync.lock.UserLocks;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's lock, taken only for a collection this node holds. The placement is read after the
 * lock is held: a move holds the same lock, so a request that waited for one sees where the
 * collection went instead of opening a copy that is no longer the user's.
 */
public final class PlacedLocks {

    private final UserLocks locks;
    private final UserPlacement placement;

    public PlacedLocks(UserLocks locks, UserPlacement placement) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.placement = Objects.requireNonNull(placement, "placement");
    }

    /**
     * Takes the user's lock for a collection on this node.
     *
     * @throws PlacedElsewhereException if another node holds the collection (the lock is not kept)
     * @throws AccountMovingException while it moves
     */
    public UserLocks.Held acquireHere(UserId user) {
        UserLocks.Held held = locks.acquire(user);
        try {
            Optional<URI> elsewhere = placement.elsewhere(user);
            if (elsewhere.isPresent()) {
                throw new PlacedElsewhereException(elsewhere.get());
            }
            return held;
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }
}
