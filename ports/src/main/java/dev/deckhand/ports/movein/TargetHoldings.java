package dev.deckhand.ports.movein;

import java.util.Optional;

/**
 * What Deckhand holds for a user before the move.
 *
 * @param movedInAtMillis when the user was moved in before, if so
 * @param account whether a built-in account exists
 * @param collectionContent whether Deckhand's collection of the user holds notes, cards or reviews
 *     (an empty collection Deckhand made at a first sign-in may be replaced; a used one never)
 * @param media whether the user's media ledger has any row
 */
public record TargetHoldings(Optional<Long> movedInAtMillis, boolean account, boolean collectionContent, boolean media) {

    public TargetHoldings {
        java.util.Objects.requireNonNull(movedInAtMillis, "movedInAtMillis");
    }
}
