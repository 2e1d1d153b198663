package dev.deckhand.app.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SyncEvents;
import dev.deckhand.sync.lock.UserLocks;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
class SyncLockGuardTest {

    private static final UserId ALICE = new UserId("alice");
    private final UserLocks locks = new UserLocks(Duration.ofMillis(50), SyncEvents.NONE);

    @Test
    void theOwnersSyncsWait_whileTheirCollectionIsCopied() {
        AtomicBoolean copied = new AtomicBoolean();

        new SyncLockGuard(locks).whileCopying(Optional.of(ALICE), () -> {
            assertThatThrownBy(() -> locks.acquire(ALICE)).isInstanceOf(SyncConflictException.class);
            locks.acquire(new UserId("bob")).close();
            copied.set(true);
        });

        assertThat(copied).isTrue();
        locks.acquire(ALICE).close();
    }

    @Test
    void aLockThatStaysBusy_doesNotStopTheCopy() {
        AtomicBoolean copied = new AtomicBoolean();
        try (UserLocks.Held syncing = locks.acquire(ALICE)) {
            new SyncLockGuard(locks).whileCopying(Optional.of(ALICE), () -> copied.set(true));
        }
        assertThat(copied).isTrue();
    }
}
