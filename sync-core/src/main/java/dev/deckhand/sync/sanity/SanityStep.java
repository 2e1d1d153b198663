package dev.deckhand.sync.sanity;

import dev.deckhand.ports.in.SanityOutcome;
import dev.deckhand.ports.model.SanityCounts;
import dev.deckhand.sync.session.Session;
import java.util.Optional;

/**
 * {@code sanityCheck2}: after merging, both sides must hold the same number of cards, notes, review
 * entries, notetypes, decks and deck configs. Counted inside the session's uncommitted transaction.
 */
public final class SanityStep {

    public SanityOutcome check(Session session, SanityCounts client) {
        SanityCounts server = session.transaction().counts();
        return new SanityOutcome(server.equals(client), client, Optional.of(server));
    }
}
