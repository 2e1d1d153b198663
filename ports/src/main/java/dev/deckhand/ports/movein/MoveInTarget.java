package dev.deckhand.ports.movein;

import dev.deckhand.ports.model.UserId;
import java.nio.file.Path;

/** Deckhand's side of a move: what it holds already, staging, and the atomic switch of one user. */
public interface MoveInTarget {

    /** What Deckhand holds for the user before the move. */
    TargetHoldings holdings(UserId user);

    /**
     * Copies the collection (with its write-ahead log) to a staging file, upgrades an older schema
     * to 18 keeping every USN and the modification time, and checks its integrity. The source file
     * is not changed.
     */
    CollectionStaging stage(UserId user, Path collection);

    /** Whether the password can be stored as it is, so the user keeps signing in with it. */
    boolean accepts(ImportedPassword password);

    /**
     * Switches the user in, all or nothing: collection, media ledger, account, host keys and the
     * record that the user was moved in. Blobs must be stored already.
     *
     * @return false, changing nothing, if the user was moved in before
     */
    boolean switchOver(UserMoveIn moveIn);
}
