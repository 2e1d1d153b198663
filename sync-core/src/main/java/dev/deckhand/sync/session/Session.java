package dev.deckhand.sync.session;

import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.out.SyncTransaction;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One normal sync in progress: its transaction and what {@code start} fixed. All rows received in
 * the session are stored with {@link #serverUsn()}, the collection's USN when it began.
 */
public final class Session {

    private final SessionKey key;
    private final SyncTransaction transaction;
    private final int serverUsn;
    private final int clientUsn;
    private final boolean clientIsNewer;
    private ChunkQueue chunkQueue;
    private long lastUsedMillis;

    Session(SessionKey key, SyncTransaction transaction, int clientUsn, boolean clientIsNewer, long nowMillis) {
        this.key = key;
        this.transaction = transaction;
        this.serverUsn = transaction.usn();
        this.clientUsn = clientUsn;
        this.clientIsNewer = clientIsNewer;
        this.lastUsedMillis = nowMillis;
    }

    public SessionKey key() {
        return key;
    }

    public SyncTransaction transaction() {
        return transaction;
    }

    public int serverUsn() {
        return serverUsn;
    }

    /** The client's USN at its last sync: server rows at or above it are new to the client. */
    public int clientUsn() {
        return clientUsn;
    }

    public boolean clientIsNewer() {
        return clientIsNewer;
    }

    /**
     * The ids of the server's changed rows, taken on the first {@code chunk} call, before any of the
     * client's rows are applied, so they are never echoed back.
     */
    public Optional<ChunkQueue> chunkQueue() {
        return Optional.ofNullable(chunkQueue);
    }

    public void setChunkQueue(ChunkQueue queue) {
        this.chunkQueue = queue;
    }

    long lastUsedMillis() {
        return lastUsedMillis;
    }

    void touch(long nowMillis) {
        lastUsedMillis = nowMillis;
    }

    /** Server row ids still to be sent. */
    public static final class ChunkQueue {
        private final Deque<Long> revlog;
        private final Deque<Long> cards;
        private final Deque<Long> notes;

        public ChunkQueue(List<Long> revlog, List<Long> cards, List<Long> notes) {
            this.revlog = new ArrayDeque<>(revlog);
            this.cards = new ArrayDeque<>(cards);
            this.notes = new ArrayDeque<>(notes);
        }

        public Deque<Long> revlog() {
            return revlog;
        }

        public Deque<Long> cards() {
            return cards;
        }

        public Deque<Long> notes() {
            return notes;
        }
    }
}
