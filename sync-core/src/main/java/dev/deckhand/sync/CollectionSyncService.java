package dev.deckhand.sync;

import dev.deckhand.ports.in.CollectionDownload;
import dev.deckhand.ports.in.CollectionSync;
import dev.deckhand.ports.in.MetaOutcome;
import dev.deckhand.ports.in.MetaRequest;
import dev.deckhand.ports.in.PlacedElsewhereException;
import dev.deckhand.ports.in.UploadOutcome;
import dev.deckhand.ports.model.CollectionState;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionStore;
import dev.deckhand.ports.out.MediaUsnSource;
import dev.deckhand.sync.full.FullSync;
import dev.deckhand.sync.lock.UserLocks;
import dev.deckhand.sync.placement.PlacedLocks;
import dev.deckhand.sync.meta.MetaStep;
import dev.deckhand.sync.session.SyncSessions;
import java.io.InputStream;
import java.util.Objects;

/** The collection sync use cases, one user at a time per user and all users in parallel. */
@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
public final class CollectionSyncService implements CollectionSync {

    private final CollectionStore store;
    private final UserLocks locks;
    private final PlacedLocks placedLocks;
    private final SyncSessions sessions;
    private final MetaStep meta;
    private final FullSync fullSync;
    private final MediaUsnSource mediaUsns;

    public CollectionSyncService(CollectionStore store, UserLocks locks, PlacedLocks placedLocks, SyncSessions sessions, MetaStep meta, FullSync fullSync,
            MediaUsnSource mediaUsns) {
        this.store = Objects.requireNonNull(store, "store");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.placedLocks = Objects.requireNonNull(placedLocks, "placedLocks");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.meta = Objects.requireNonNull(meta, "meta");
        this.fullSync = Objects.requireNonNull(fullSync, "fullSync");
        this.mediaUsns = Objects.requireNonNull(mediaUsns, "mediaUsns");
    }

    /**
     * Reads the stored state without ending an open normal sync: Anki calls {@code meta} on its own
     * every few minutes to show sync status, and that must not break another device's sync. A
     * collection on another node sends the client there.
     */
    @Override
    public MetaOutcome meta(UserId user, MetaRequest request) {
        CollectionState state;
        try (UserLocks.Held held = placedLocks.acquireHere(user)) {
            state = store.open(user);
        } catch (PlacedElsewhereException e) {
            return new MetaOutcome.Redirect(e.node());
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

    /**
     * Ends the user's open sync only if {@code session} names it. A device whose sync another
     * device took over is told 409 and then sends abort with its own, superseded key; the official
     * server ends whatever sync is open then, killing the other device's sync too, so two devices
     * syncing at once both failed. Here that abort changes nothing and the other sync completes.
     */
    @Override
    public void abort(UserId user, SessionKey session) {
        Objects.requireNonNull(session, "session");
        try (UserLocks.Held held = locks.acquire(user)) {
            sessions.abortIfActive(user, session, "aborted by the client");
        }
    }
}
