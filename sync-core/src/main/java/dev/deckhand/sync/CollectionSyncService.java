package dev.deckhand.sync;

import dev.deckhand.ports.in.CollectionDownload;
import dev.deckhand.ports.in.CollectionSync;
import dev.deckhand.ports.in.MetaOutcome;
import dev.deckhand.ports.in.MetaRequest;
import dev.deckhand.ports.in.UploadOutcome;
import dev.deckhand.ports.model.CollectionState;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionStore;
import dev.deckhand.ports.out.MediaUsnSource;
import dev.deckhand.sync.full.FullSync;
import dev.deckhand.sync.lock.UserLocks;
import dev.deckhand.sync.meta.MetaStep;
import dev.deckhand.sync.session.SyncSessions;
import java.io.InputStream;
import java.util.Objects;

/** The collection sync use cases, one user at a time per user and all users in parallel. */
public final class CollectionSyncService implements CollectionSync {

    private final CollectionStore store;
    private final UserLocks locks;
    private final SyncSessions sessions;
    private final MetaStep meta;
    private final FullSync fullSync;
    private final MediaUsnSource mediaUsns;

    public CollectionSyncService(CollectionStore store, UserLocks locks, SyncSessions sessions, MetaStep meta, FullSync fullSync,
            MediaUsnSource mediaUsns) {
        this.store = Objects.requireNonNull(store, "store");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.meta = Objects.requireNonNull(meta, "meta");
        this.fullSync = Objects.requireNonNull(fullSync, "fullSync");
        this.mediaUsns = Objects.requireNonNull(mediaUsns, "mediaUsns");
    }

    /**
     * Reads the stored state without ending an open normal sync: Anki calls {@code meta} on its own
     * every few minutes to show sync status, and that must not break another device's sync.
     */
    @Override
    public MetaOutcome meta(UserId user, MetaRequest request) {
        CollectionState state;
        try (UserLocks.Held held = locks.acquire(user)) {
            state = store.open(user);
        }
        return meta.answer(request, state, mediaUsns.mediaUsn(user));
    }

    @Override
    public UploadOutcome upload(UserId user, InputStream collectionFile) {
        return fullSync.upload(user, collectionFile);
    }

    @Override
    public CollectionDownload download(UserId user) {
        return fullSync.download(user);
    }

    @Override
    public void abort(UserId user, SessionKey session) {
        // Like the official server, abort ends whatever sync the user has open, whatever its key:
        // the client sends it after a failure, when its own session may already be gone.
        Objects.requireNonNull(session, "session");
        try (UserLocks.Held held = locks.acquire(user)) {
            sessions.abort(user, "aborted by the client");
        }
    }
}
