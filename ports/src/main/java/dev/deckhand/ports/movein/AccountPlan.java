package dev.deckhand.ports.movein;

/** What happens to a user's account in a move. */
public enum AccountPlan {
    /** Created from {@code SYNC_USERn} (and {@code PASSWORDS_HASHED}), as both servers read it. */
    FROM_SETTINGS,
    /** Created with ankisyncd's password hash, replaced by a slow hash at the next sign-in. */
    FROM_ANKISYNCD,
    /** An account exists already and is left as it is. */
    EXISTS,
    /** No password came along: the operator sets one with {@code deckhand user add}. */
    NEEDS_PASSWORD
}
