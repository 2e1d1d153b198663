package dev.deckhand.ports.model;

import java.util.List;

/** Up to about 250 revlog entries, cards and notes; {@code done} marks the last chunk. */
public record Chunk(boolean done, List<RevlogRow> revlog, List<CardRow> cards, List<NoteRow> notes) {

    public Chunk {
        revlog = List.copyOf(revlog);
        cards = List.copyOf(cards);
        notes = List.copyOf(notes);
    }

    public int size() {
        return revlog.size() + cards.size() + notes.size();
    }
}
