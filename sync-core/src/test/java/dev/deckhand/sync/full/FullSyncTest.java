package dev.deckhand.sync.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.CollectionDownload;
import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.in.UploadOutcome;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SyncEvents;
import dev.deckhand.ports.testing.InMemoryCollectionStore;
import dev.deckhand.ports.testing.SettableDiskSpace;
import dev.deckhand.sync.SyncLimits;
import dev.deckhand.sync.lock.UserLocks;
import dev.deckhand.sync.placement.PlacedLocks;
import dev.deckhand.sync.placement.UserPlacement;
import dev.deckhand.sync.session.SyncSessions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FullSyncTest {

    private final InMemoryCollectionStore store = new InMemoryCollectionStore(5);
    private final UserLocks locks = new UserLocks(Duration.ofMillis(50), SyncEvents.NONE);
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(9_000), ZoneOffset.UTC);
    private final SyncSessions sessions = new SyncSessions(
            user -> { throw new IllegalStateException("no normal sync in these tests"); }, clock, Duration.ofMinutes(5));
    private final SettableDiskSpace disk = SettableDiskSpace.roomy();
    private final FullSync fullSync = new FullSync(store, new PlacedLocks(locks, UserPlacement.ONE_NODE), sessions, new SyncLimits(100, "MAX_SYNC_PAYLOAD_MEGS"), disk,
            clock);
    private final UserId alice = new UserId("alice");

    @Test
    void upload_ofAValidCollection_replacesTheStoredOne() {
        UploadOutcome outcome = fullSync.upload(alice, bytes("COLLECTION v2"));

        assertThat(outcome).isInstanceOf(UploadOutcome.UploadAccepted.class);
        assertThat(new String(store.file(alice), StandardCharsets.US_ASCII)).isEqualTo("COLLECTION v2");
    }

    @Test
    void upload_ofACorruptFile_isRefusedWithAMessageForTheUser_andKeepsTheOldOne() {
        fullSync.upload(alice, bytes("COLLECTION v1"));

        UploadOutcome outcome = fullSync.upload(alice, bytes("garbage"));

        assertThat(outcome).isInstanceOf(UploadOutcome.UploadRefused.class);
        assertThat(((UploadOutcome.UploadRefused) outcome).clientMessage()).contains("Check Database");
        assertThat(new String(store.file(alice), StandardCharsets.US_ASCII)).isEqualTo("COLLECTION v1");
    }

    @Test
    void upload_overTheLimit_isRefusedAsTooLarge() {
        UploadOutcome outcome = fullSync.upload(alice, bytes("COLLECTION" + "x".repeat(200)));

        assertThat(((UploadOutcome.UploadRefused) outcome).clientMessage()).contains("too large");
    }

    @Test
    void upload_overAQuota_namesTheQuotaSetting() {
        FullSync withQuota = new FullSync(store, new PlacedLocks(locks, UserPlacement.ONE_NODE), sessions,
                SyncLimits.of(100, java.util.OptionalLong.of(150)), disk, clock);

        UploadOutcome outcome = withQuota.upload(alice, bytes("COLLECTION" + "x".repeat(200)));

        assertThat(((UploadOutcome.UploadRefused) outcome).clientMessage()).contains("DECKHAND_COLLECTION_QUOTA_MB");
    }

    @Test
    void upload_whenTheDiskIsDownToItsReserve_isRefusedBeforeReadingAndKeepsTheOldOne() {
        fullSync.upload(alice, bytes("COLLECTION v1"));
        disk.setFreeBytes(-1);
        InputStream unread = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body must not be read");
            }
        };

        UploadOutcome outcome = fullSync.upload(alice, unread);

        assertThat(((UploadOutcome.UploadRefused) outcome).clientMessage()).contains("out of disk space");
        assertThat(new String(store.file(alice), StandardCharsets.US_ASCII)).isEqualTo("COLLECTION v1");
    }

    @Test
    void upload_whoseBodyBreaksOff_isUnreadable() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThat(fullSync.upload(alice, broken)).isInstanceOf(UploadOutcome.UploadBodyUnreadable.class);
    }

    @Test
    void download_bumpsTheUsnAndSetsTheModificationTime() {
        store.open(alice);

        try (CollectionDownload download = fullSync.download(alice)) {
            assertThat(download.sizeBytes()).isPositive();
        }

        assertThat(store.open(alice).usn()).isEqualTo(1);
        assertThat(store.open(alice).modifiedMillis()).isEqualTo(9_000);
    }

    @Test
    void download_holdsTheUsersLockUntilClosed() {
        CollectionDownload download = fullSync.download(alice);

        assertThatThrownBy(() -> fullSync.upload(alice, bytes("COLLECTION v3"))).isInstanceOf(SyncConflictException.class);
        try (UserLocks.Held other = locks.acquire(new UserId("bob"))) {
            assertThat(other).isNotNull();
        }

        download.close();
        assertThat(fullSync.upload(alice, bytes("COLLECTION v3"))).isInstanceOf(UploadOutcome.UploadAccepted.class);
    }

    @Test
    void everyUploadOutcome_isKnownToThisTest() {
        assertThat(UploadOutcome.class.getPermittedSubclasses()).containsExactlyInAnyOrder(
                UploadOutcome.UploadAccepted.class, UploadOutcome.UploadRefused.class, UploadOutcome.UploadBodyUnreadable.class);
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
