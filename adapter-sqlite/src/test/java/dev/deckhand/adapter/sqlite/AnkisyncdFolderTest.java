package dev.deckhand.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.movein.MoveInSource;
import dev.deckhand.ports.movein.SourceKind;
import dev.deckhand.ports.movein.SourceMediaRow;
import dev.deckhand.ports.movein.SourceUser;
import dev.deckhand.ports.out.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnkisyncdFolderTest {

    private static final byte[] SOUND = "ID3 sound".getBytes(StandardCharsets.UTF_8);

    @TempDir Path temp;

    private SourceUser only(MoveInSource folder, String name) {
        return folder.users().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void readsCollectionsMediaAccountsAndSessions() throws Exception {
        Path base = Files.createDirectories(temp.resolve("ankisyncd"));
        Path alice = Files.createDirectories(base.resolve("collections/alice"));
        Files.createDirectories(alice.resolve("collection.media"));
        OldServerFixtures.collection(alice.resolve("collection.anki2"), 3, 2, 7, 1234);
        Files.write(alice.resolve("collection.media/sound.mp3"), SOUND);
        try (Connection media = OldServerFixtures.ankisyncdMediaDatabase(alice.resolve("collection.media.server.db"))) {
            OldServerFixtures.ankisyncdRow(media, "sound.mp3", 2, SOUND);
            OldServerFixtures.ankisyncdRow(media, "gone.jpg", 3, null);
        }
        String hash = OldServerFixtures.ankisyncdHash("alice", "s3cret", "0123456789abcdef");
        OldServerFixtures.ankisyncdAuth(base.resolve("auth.db"), "alice", hash);
        OldServerFixtures.ankisyncdAuth(base.resolve("auth.db"), "bob", OldServerFixtures.ankisyncdHash("bob", "pw", "fedcba9876543210"));
        OldServerFixtures.ankisyncdSession(base.resolve("session.db"), "5e2b0c0a0d7c4f0b9e3a1d2c3b4a5968", "alice");
        OldServerFixtures.ankisyncdSession(base.resolve("session.db"), "0f0e0d0c0b0a09080706050403020100", "alice");

        try (MoveInSource folder = AnkisyncdFolder.open(base, temp.resolve("copies"))) {
            assertThat(folder.kind()).isEqualTo(SourceKind.ANKISYNCD);
            SourceUser a = only(folder, "alice");
            assertThat(a.problem()).isEmpty();
            assertThat(a.collection()).contains(alice.resolve("collection.anki2"));
            // No meta table: the media USN is the highest row's, and deletions keep no hash or time.
            assertThat(a.mediaUsn()).isEqualTo(3);
            assertThat(a.media()).containsExactly(
                    new SourceMediaRow("sound.mp3", OldServerFixtures.sha1Hex(SOUND), false, 2, 0),
                    new SourceMediaRow("gone.jpg", "", true, 3, 0));
            assertThat(a.ankisyncdPasswordHash()).contains(hash);
            assertThat(a.hostKeys()).containsExactlyInAnyOrder("5e2b0c0a0d7c4f0b9e3a1d2c3b4a5968", "0f0e0d0c0b0a09080706050403020100");

            // In auth.db only: an account with no data.
            SourceUser b = only(folder, "bob");
            assertThat(b.problem()).isEmpty();
            assertThat(b.collection()).isEmpty();
            assertThat(b.ankisyncdPasswordHash()).isPresent();
        }
    }

    @Test
    void aFolderWithoutCollectionsIsNotAnkisyncds() {
        assertThatThrownBy(() -> AnkisyncdFolder.open(temp, temp.resolve("copies")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("collections/");
    }

    @Test
    void aNameFromAuthDbThatLeavesTheFolderIsRefused() throws Exception {
        Path base = Files.createDirectories(temp.resolve("ankisyncd/collections")).getParent();
        OldServerFixtures.ankisyncdAuth(base.resolve("auth.db"), "../../x", OldServerFixtures.ankisyncdHash("../../x", "pw", "0011223344556677"));

        try (MoveInSource folder = AnkisyncdFolder.open(base, temp.resolve("copies"))) {
            assertThat(only(folder, "../../x").problem()).hasValueSatisfying(p -> assertThat(p).contains("outside"));
        }
    }

    @Test
    void aMissingMediaDatabaseBesideACollectionIsRefused() throws Exception {
        Path base = Files.createDirectories(temp.resolve("ankisyncd"));
        OldServerFixtures.collection(base.resolve("collections/carol/collection.anki2"), 1, 0, 1, 1);

        try (MoveInSource folder = AnkisyncdFolder.open(base, temp.resolve("copies"))) {
            assertThat(only(folder, "carol").problem())
                    .hasValueSatisfying(p -> assertThat(p).contains("collection.media.server.db is missing"));
        }
    }
}
