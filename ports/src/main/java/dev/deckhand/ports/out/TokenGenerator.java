package dev.deckhand.ports.out;

/** A source of unguessable tokens, injected so the cores hold no randomness of their own. */
public interface TokenGenerator {

    /** A new random token with at least 256 bits of entropy, URL-safe. */
    String newToken();
}
