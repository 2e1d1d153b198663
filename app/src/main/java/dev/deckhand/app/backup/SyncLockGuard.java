package dev.deckhand.app.backup;

import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.sync.lock.UserLocks;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inside the server: holds the user's sync lock while their collection is copied, so no request of
 * theirs (a full upload's rename, a normal sync step) runs meanwhile. A lock that stays busy past
 * the usual wait (a long download to a slow phone) is not worth failing the backup over: the copy
 * is one snapshot without it too, and it goes ahead.
 */
public final class SyncLockGuard implements CollectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SyncLockGuard.class);

    private final UserLocks locks;

    public SyncLockGuard(UserLocks locks) {
        this.locks = Objects.requireNonNull(locks, "locks");
    }

    @Override
    public void whileCopying(Optional<UserId> owner, Runnable copy) {
        if (owner.isEmpty()) {
            copy.run();
            return;
        }
        UserLocks.Held held;
        try {
            held = locks.acquire(owner.get());
        } catch (SyncConflictException e) {
            LOG.info("backup: {} kept syncing; copying their collection without waiting longer", owner.get().name());
            copy.run();
            return;
        }
        try (held) {
            copy.run();
        }
    }
}
