package dev.deckhand.sync.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SyncEvents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
class UserLocksTest {

    private final UserLocks locks = new UserLocks(Duration.ofMillis(100), SyncEvents.NONE);
    private final UserId alice = new UserId("alice");

    @Test
    void aSecondRequestOfTheSameUser_givesUpWithAConflict() {
        try (UserLocks.Held held = locks.acquire(alice)) {
            assertThatThrownBy(() -> locks.acquire(alice)).isInstanceOf(SyncConflictException.class);
        }
    }

    @Test
    void otherUsers_neverWait() {
        try (UserLocks.Held held = locks.acquire(alice);
                UserLocks.Held other = locks.acquire(new UserId("bob"))) {
            assertThat(other).isNotNull();
        }
    }

    @Test
    void aLockMayBeReleasedFromAnotherThread() throws Exception {
        UserLocks.Held held = locks.acquire(alice);

        CompletableFuture.runAsync(held::close).get(5, TimeUnit.SECONDS);

        try (UserLocks.Held again = locks.acquire(alice)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void closingTwice_releasesOnce() {
        UserLocks.Held held = locks.acquire(alice);
        held.close();
        held.close();

        try (UserLocks.Held first = locks.acquire(alice)) {
            assertThatThrownBy(() -> locks.acquire(alice)).isInstanceOf(SyncConflictException.class);
        }
    }

    @Test
    void everyWait_isReportedOnce_withWhetherTheLockWasTaken() {
        List<Boolean> waits = new CopyOnWriteArrayList<>();
        SyncEvents recording = new SyncEvents() {
            @Override
            public LockWait lockWaitStarted() {
                return waits::add;
            }
        };
        UserLocks reporting = new UserLocks(Duration.ofMillis(20), recording);

        try (UserLocks.Held held = reporting.acquire(alice)) {
            assertThatThrownBy(() -> reporting.acquire(alice)).isInstanceOf(SyncConflictException.class);
        }

        assertThat(waits).containsExactly(true, false);
    }
}
