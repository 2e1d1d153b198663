package dev.deckhand.ports.movein;

/**
 * Moving the users of an old server in (the driving port of {@code deckhand import}). Both calls
 * check every user completely (collection integrity, every media file's checksum); only
 * {@link #apply} changes anything, and only when no user was refused.
 */
public interface MoveIn {

    /** Checks everything and reports what {@link #apply} would do; changes nothing. */
    MoveInReport dryRun();

    /**
     * Stages every user, then switches each one in atomically. Users moved in before are left as
     * they are, so a second run changes nothing.
     */
    MoveInReport apply();
}
