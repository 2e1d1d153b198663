package dev.deckhand.adapter.sqlite.collection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.Leftovers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedUploadLeftoversTest {

    @TempDir Path data;

    private static void age(Path file, Duration age) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    }

    @Test
    void stagedUploadsACrashLeftBehindGoTheCollectionStays() throws IOException {
        try (SqliteCollectionStore store = new SqliteCollectionStore(data, new EmptyCollectionFactory(Clock.systemUTC()))) {
            UserId alice = new UserId("alice");
            store.open(alice); // creates the collection
            Path folder = new CollectionFiles(data).userFolder(alice);
            Path collection = folder.resolve("collection.anki2");
            Path staged = Files.write(folder.resolve("upload-123.anki2"), new byte[1000]);
            Path wal = Files.write(folder.resolve("upload-123.anki2-wal"), new byte[100]);
            Path shm = Files.write(folder.resolve("upload-123.anki2-shm"), new byte[10]);
            Path current = Files.write(folder.resolve("upload-456.anki2"), new byte[1]);
            for (Path old : new Path[] {collection, staged, wal, shm}) {
                age(old, Duration.ofDays(3));
            }

            Leftovers.Removed removed = store.removeOlderThan(Instant.now().minus(Duration.ofDays(1)));

            assertThat(removed).isEqualTo(new Leftovers.Removed(3, 1110));
            assertThat(collection).exists();
            assertThat(current).as("an upload still arriving").exists();
            assertThat(store.removeOlderThan(Instant.now().plusSeconds(1)).files()).as("at start-up").isEqualTo(1);
            assertThat(store.open(alice).usn()).isZero();
        }
    }
}
