package dev.deckhand.client;

/**
 * A shared deck the signed-in user belongs to, as {@link DeckhandMediaClient#decks()} lists it.
 *
 * @param role the user's role in it: {@code subscriber}, {@code contributor} or {@code maintainer}
 */
public record Deck(String id, String title, long quotaBytes, String role) {}
