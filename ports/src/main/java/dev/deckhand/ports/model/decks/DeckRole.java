package dev.deckhand.ports.model.decks;

/** What a user may do in a shared deck; each role can do everything the ones below it can. */
public enum DeckRole {
    /** Downloads the deck's media. */
    SUBSCRIBER,
    /** Also suggests notes, and uploads the media they use. */
    CONTRIBUTOR,
    /** Also approves and declines suggestions, removes media, manages members. */
    MAINTAINER;

    public boolean canSuggest() {
        return this != SUBSCRIBER;
    }

    public boolean canMaintain() {
        return this == MAINTAINER;
    }
}
