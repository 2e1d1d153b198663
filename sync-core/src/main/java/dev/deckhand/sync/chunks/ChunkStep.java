package dev.deckhand.sync.chunks;

import dev.deckhand.ports.model.Chunk;
import dev.deckhand.ports.out.SyncTransaction;
import dev.deckhand.sync.session.Session;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code chunk}: the server's changed revlog entries, notes and cards, about 250 at a time. The ids
 * are taken once, on the first call, so rows the client sends afterwards are never echoed back.
 */
public final class ChunkStep {

    static final int CHUNK_SIZE = 250;

    public Chunk next(Session session) {
        SyncTransaction tx = session.transaction();
        Session.ChunkQueue queue = session.chunkQueue().orElseGet(() -> {
            int since = session.clientUsn();
            Session.ChunkQueue taken = new Session.ChunkQueue(tx.revlogIdsSince(since), tx.cardIdsSince(since), tx.noteIdsSince(since));
            session.setChunkQueue(taken);
            return taken;
        });
        List<Long> revlog = new ArrayList<>();
        List<Long> notes = new ArrayList<>();
        List<Long> cards = new ArrayList<>();
        int remaining = CHUNK_SIZE;
        boolean done = false;
        // One of each kind per round, as Anki does, so a chunk can exceed 250 by up to two rows.
        while (remaining > 0) {
            int before = remaining;
            remaining -= take(queue.revlog(), revlog);
            remaining -= take(queue.notes(), notes);
            remaining -= take(queue.cards(), cards);
            if (remaining == before) {
                done = true;
                break;
            }
        }
        return new Chunk(done, tx.revlog(revlog), tx.cards(cards), tx.notes(notes));
    }

    private static int take(Deque<Long> from, List<Long> to) {
        Long id = from.pollLast();
        if (id == null) {
            return 0;
        }
        to.add(id);
        return 1;
    }
}
