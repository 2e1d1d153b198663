package dev.deckhand.sync.chunks;

import dev.deckhand.ports.in.InvalidSyncDataException;
import dev.deckhand.ports.model.CardRow;
import dev.deckhand.ports.model.Chunk;
import dev.deckhand.ports.model.NoteRow;
import dev.deckhand.ports.model.RevlogRow;
import dev.deckhand.ports.out.NotetypeShape;
import dev.deckhand.ports.out.RowStamp;
import dev.deckhand.ports.out.SyncTransaction;
import dev.deckhand.sync.session.Session;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code applyChunk}: the client's revlog entries, cards and notes. Review history is only ever
 * added. A card or note replaces the stored one unless the server changed it since the client's
 * last sync and the server's copy is as new or newer (on a tie the receiver keeps its own).
 */
public final class ChunkMerge {

    private static final Pattern FIELD_SEPARATOR = Pattern.compile(String.valueOf(NoteRow.FIELD_SEPARATOR), Pattern.LITERAL);

    public void apply(Session session, Chunk chunk) {
        SyncTransaction tx = session.transaction();
        for (RevlogRow entry : chunk.revlog()) {
            tx.addRevlog(entry);
        }
        for (CardRow card : chunk.cards()) {
            if (incomingWins(tx.cardStamp(card.id()), card.mtimeSecs(), session.clientUsn())) {
                tx.putCard(card);
            }
        }
        for (NoteRow note : chunk.notes()) {
            if (incomingWins(tx.noteStamp(note.id()), note.mtimeSecs(), session.clientUsn())) {
                putNote(tx, note);
            }
        }
    }

    /** "Pending" on the server means changed since the client's last sync: usn at or above its USN. */
    static boolean incomingWins(Optional<RowStamp> local, long incomingMtime, int clientUsn) {
        return local.isEmpty() || local.get().usn() < clientUsn || local.get().mtimeSecs() < incomingMtime;
    }

    private static void putNote(SyncTransaction tx, NoteRow note) {
        NotetypeShape shape = tx.notetypeShape(note.notetypeId())
                .orElseThrow(() -> new InvalidSyncDataException("note " + note.id() + " uses notetype " + note.notetypeId() + ", which does not exist"));
        String[] fields = FIELD_SEPARATOR.split(note.fields(), -1);
        if (fields.length != shape.fieldCount()) {
            throw new InvalidSyncDataException("note " + note.id() + " has " + fields.length + " fields, its notetype has " + shape.fieldCount());
        }
        String[] cleaned = Arrays.stream(fields).map(NoteText::cleanField).toArray(String[]::new);
        String sortField = shape.sortFieldIndex() < cleaned.length ? cleaned[shape.sortFieldIndex()] : "";
        NoteRow stored = new NoteRow(note.id(), note.guid(), note.notetypeId(), note.mtimeSecs(), note.usn(), note.tags(),
                Arrays.stream(cleaned).collect(Collectors.joining(String.valueOf(NoteRow.FIELD_SEPARATOR))));
        tx.putNote(stored, NoteText.stripHtmlKeepingMediaNames(sortField), NoteText.checksum(cleaned[0]));
    }
}
