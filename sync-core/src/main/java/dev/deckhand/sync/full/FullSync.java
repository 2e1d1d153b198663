package dev.deckhand.sync.full;

import dev.deckhand.ports.in.CollectionDownload;
import dev.deckhand.ports.in.UploadOutcome;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionStore;
import dev.deckhand.ports.out.DiskSpace;
import dev.deckhand.ports.out.StageOutcome;
import dev.deckhand.ports.out.StagedCollection;
import dev.deckhand.ports.out.StoredFile;
import dev.deckhand.sync.SyncLimits;
import dev.deckhand.sync.lock.UserLocks;
import dev.deckhand.sync.placement.PlacedLocks;
import dev.deckhand.sync.session.SyncSessions;
import java.io.InputStream;
import java.time.Clock;
import java.util.Objects;

/**
 * Full (one-way) sync: a whole collection file up or down.
 *
 * <p>An upload is streamed and checked without the user's lock, so a slow client does not block the
 * user's other devices; only the atomic replacement takes the lock. A download holds the lock until
 * the file has been sent, so it cannot be replaced half-way through. Either rolls back a normal sync
 * the user has open, whose transaction would otherwise hold the collection. An upload is refused
 * before it is read when the disk is down to its reserve, and cleanly if the disk fills meanwhile.
 */
@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
public final class FullSync {

    private final CollectionStore store;
    private final PlacedLocks locks;
    private final SyncSessions sessions;
    private final SyncLimits limits;
    private final DiskSpace space;
    private final Clock clock;

    public FullSync(CollectionStore store, PlacedLocks locks, SyncSessions sessions, SyncLimits limits, DiskSpace space,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.space = Objects.requireNonNull(space, "space");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public UploadOutcome upload(UserId user, InputStream collectionFile) {
        if (!space.hasRoomFor(0)) {
            return new UploadOutcome.UploadRefused(UploadMessages.diskFull(), "the disk is down to its reserve");
        }
        StageOutcome outcome = store.stage(user, collectionFile, limits.maxCollectionBytes());
        if (outcome instanceof StageOutcome.Refused refused) {
            return refusal(refused);
        }
        try (StagedCollection staged = ((StageOutcome.Staged) outcome).collection();
                UserLocks.Held held = locks.acquireHere(user)) {
            sessions.abort(user, "pre-empted by a full upload");
            store.install(staged);
        }
        return new UploadOutcome.UploadAccepted();
    }

    public CollectionDownload download(UserId user) {
        UserLocks.Held held = locks.acquireHere(user);
        try {
            sessions.abort(user, "pre-empted by a full download");
            store.open(user);
            StoredFile file = store.prepareDownload(user, clock.millis());
            return new LockedDownload(file, held);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    private UploadOutcome refusal(StageOutcome.Refused refused) {
        switch (refused.reason()) {
            case TOO_LARGE:
                return new UploadOutcome.UploadRefused(UploadMessages.tooLarge(limits), refused.detail());
            case NO_SPACE:
                return new UploadOutcome.UploadRefused(UploadMessages.diskFull(), refused.detail());
            case CORRUPT:
                return new UploadOutcome.UploadRefused(UploadMessages.corrupt(refused.detail()), refused.detail());
            case BODY_UNREADABLE:
                return new UploadOutcome.UploadBodyUnreadable(refused.detail());
            default:
                throw new AssertionError(refused.reason());
        }
    }
}
