package dev.deckhand.ports.out;

import dev.deckhand.ports.model.UserId;

/**
 * Slow, salted password hashes in PHC string form, for the stores of built-in accounts. One
 * implementation serves every store, so an account moved between a SQLite and a PostgreSQL store
 * keeps its password.
 */
public interface PasswordHashing {

    /** A new hash of the password, with a fresh salt, in the strongest form this implementation writes. */
    String hash(String password);

    /**
     * Whether the password matches the stored hash, comparing in constant time. {@code user} is
     * there for old forms that were salted with the user name.
     */
    boolean verify(UserId user, String password, String stored);

    /**
     * Whether a stored hash should be replaced with {@link #hash(String)} of the password once a
     * sign-in has proved it right: true for weaker or slower-to-check forms moved in from elsewhere.
     */
    boolean wantsRehash(String stored);

    /** Whether an operator may hand over this hash as an account's credential: a form {@link #verify} checks. */
    boolean accepts(String stored);

    /** Runs the hashing loops until the JIT has compiled them, so the first real sign-in is fast. Call before serving. */
    void warmUp();
}
