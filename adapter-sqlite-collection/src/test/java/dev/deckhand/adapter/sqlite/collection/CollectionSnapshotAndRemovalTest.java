package dev.deckhand.adapter.sqlite.collection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.CollectionState;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.StageOutcome;
import dev.deckhand.ports.out.StoredFile;
import dev.deckhand.ports.out.SyncTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a move between nodes needs of the store: the file as it is, taken in elsewhere unchanged, then removed here. */
class CollectionSnapshotAndRemovalTest {

    private static final UserId ALICE = new UserId("alice");

    @TempDir Path here;
    @TempDir Path there;

    @Test
    void aSnapshot_changesNothing_holdsCommittedChanges_andInstallsElsewhereAsTheSameCollection() throws IOException {
        try (SqliteCollectionStore source = new SqliteCollectionStore(here, new EmptyCollectionFactory(Clock.systemUTC()));
                SqliteCollectionStore target = new SqliteCollectionStore(there, new EmptyCollectionFactory(Clock.systemUTC()))) {
            source.open(ALICE);
            try (SyncTransaction transaction = source.begin(ALICE)) {
                transaction.commit(1_700_000_123_000L);
            }
            CollectionState before = source.open(ALICE);

            StoredFile snapshot = source.snapshot(ALICE);

            assertThat(source.open(ALICE)).isEqualTo(before);
            StageOutcome staged;
            try (InputStream in = snapshot.open()) {
                staged = target.stage(ALICE, in, 1 << 30);
            }
            target.install(((StageOutcome.Staged) staged).collection());
            assertThat(target.open(ALICE)).isEqualTo(before);
        }
    }

    @Test
    void removal_deletesTheCollectionAndItsLogs_andIsHarmlessTwice() {
        try (SqliteCollectionStore store = new SqliteCollectionStore(here, new EmptyCollectionFactory(Clock.systemUTC()))) {
            store.open(ALICE);
            Path collection = new CollectionFiles(here).collection(ALICE);

            store.remove(ALICE);
            store.remove(ALICE);

            assertThat(collection).doesNotExist();
            assertThat(collection.resolveSibling("collection.anki2-wal")).doesNotExist();
            assertThat(store.open(ALICE).usn()).as("a fresh empty collection if asked again").isZero();
        }
    }

    @Test
    void removingAUserWhoNeverSynced_changesNothing() throws IOException {
        try (SqliteCollectionStore store = new SqliteCollectionStore(here, new EmptyCollectionFactory(Clock.systemUTC()))) {
            store.remove(ALICE);
            try (var files = Files.list(here)) {
                assertThat(files).isEmpty();
            }
        }
    }
}
