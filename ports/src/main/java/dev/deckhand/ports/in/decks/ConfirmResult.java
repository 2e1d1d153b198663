package dev.deckhand.ports.in.decks;

import dev.deckhand.ports.model.decks.DeckMedia;
import java.util.List;
import java.util.UUID;

/** What became of each confirmed upload: stored (the deck's name now means the file) or refused. */
public record ConfirmResult(List<DeckMedia> stored, List<TicketRefusal> refused) {

    public ConfirmResult {
        stored = List.copyOf(stored);
        refused = List.copyOf(refused);
    }

    /** A confirmed ticket whose upload was not kept. */
    public record TicketRefusal(UUID ticket, String reason) {}
}
