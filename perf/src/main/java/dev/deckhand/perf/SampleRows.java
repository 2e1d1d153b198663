package dev.deckhand.perf;

import dev.deckhand.ports.model.CardRow;
import dev.deckhand.ports.model.Chunk;
import dev.deckhand.ports.model.NoteRow;
import dev.deckhand.ports.model.RevlogRow;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows shaped like the benchmark's collections (bench/README.md): per note two cards and a few
 * review-log entries, HTML in the fields, tags. Deterministic, so every run measures the same bytes.
 */
public final class SampleRows {

    /** Ids start here, above anything a fresh collection holds. */
    private static final long FIRST_ID = 1_700_000_000_000L;

    private SampleRows() {}

    /** A chunk of {@code notes} notes, two cards and two review-log entries each (5 rows per note). */
    public static Chunk chunk(int notes, long notetypeId, int usn) {
        List<RevlogRow> revlog = new ArrayList<>();
        List<CardRow> cards = new ArrayList<>();
        List<NoteRow> noteRows = new ArrayList<>();
        for (int i = 0; i < notes; i++) {
            long noteId = FIRST_ID + i;
            noteRows.add(note(noteId, notetypeId, usn));
            for (int c = 0; c < 2; c++) {
                long cardId = FIRST_ID + 10L * i + c;
                cards.add(card(cardId, noteId, c, usn));
                revlog.add(new RevlogRow(cardId + 1_000_000, cardId, usn, 3, 4, 1, 2500, 6_250, 1));
            }
        }
        return new Chunk(false, revlog, cards, noteRows);
    }

    public static NoteRow note(long id, long notetypeId, int usn) {
        String front = "What is the <b>capital</b> of region " + id % 9973 + "? <img src=\"map-" + id % 101 + ".jpg\">";
        String back = "The capital is <i>City " + Long.toString(id, 36) + "</i>, founded in " + (1200 + id % 800)
                + ".<br>See also: <a href=\"https://example.org/" + id % 997 + "\">notes</a>";
        return new NoteRow(id, "g" + Long.toString(id * 7919, 36), notetypeId, 1_700_000_000L + id % 86_400, usn,
                " geography capitals level" + id % 5 + " ", front + NoteRow.FIELD_SEPARATOR + back);
    }

    public static CardRow card(long id, long noteId, int ordinal, int usn) {
        return new CardRow(id, noteId, 1, ordinal, 1_700_000_000L + id % 86_400, usn, 2, 2, (int) (id % 3650), 25, 2500,
                12, 1, 0, 0, 0, 0, "{\"s\":12.5,\"d\":5.2}");
    }
}
