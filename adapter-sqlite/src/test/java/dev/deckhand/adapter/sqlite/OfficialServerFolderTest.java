package dev.deckhand.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.movein.MoveInSource;
import dev.deckhand.ports.movein.SourceMediaRow;
import dev.deckhand.ports.movein.SourceUser;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfficialServerFolderTest {

    private static final byte[] CAT = "cat picture".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GONE = "deleted later".getBytes(StandardCharsets.UTF_8);

    @TempDir Path temp;

    private Path base() throws IOException {
        return Files.createDirectories(temp.resolve("sync-base"));
    }

    private SourceUser only(MoveInSource folder, String name) {
        return folder.users().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    /** alice as the server leaves her: collection, media/cat.png, and media.db with a deletion. */
    private Path alice(Path base) throws IOException, SQLException {
        Path alice = Files.createDirectories(base.resolve("alice/media"));
        OldServerFixtures.collection(base.resolve("alice/collection.anki2"), 2, 1, 5, 1_796_337_868_318L);
        Files.write(alice.resolve("cat.png"), CAT);
        try (Connection media = OldServerFixtures.officialMediaDatabase(base.resolve("alice/media.db"), 5)) {
            OldServerFixtures.officialRow(media, "cat.png", CAT, CAT.length, 1, 1_796_337_867L);
            OldServerFixtures.officialRow(media, "doomed.txt", GONE, 0, 4, 1_796_337_999L);
        }
        return base.resolve("alice");
    }

    @Test
    void readsEveryMediaRowWithItsUsnTimeAndDeletion() throws Exception {
        Path base = base();
        alice(base);

        try (MoveInSource folder = OfficialServerFolder.open(base, List.of(), temp.resolve("copies"))) {
            SourceUser alice = only(folder, "alice");

            assertThat(alice.problem()).isEmpty();
            assertThat(alice.collection()).contains(base.resolve("alice/collection.anki2"));
            assertThat(alice.mediaUsn()).isEqualTo(5);
            assertThat(alice.media()).containsExactly(
                    new SourceMediaRow("cat.png", OldServerFixtures.sha1Hex(CAT), false, 1, 1_796_337_867L),
                    // The official server keeps a deleted file's hash; devices are told "" for it.
                    new SourceMediaRow("doomed.txt", OldServerFixtures.sha1Hex(GONE), true, 4, 1_796_337_999L));
            try (InputStream in = folder.openMedia(alice, "cat.png")) {
                assertThat(in.readAllBytes()).isEqualTo(CAT);
            }
        }
    }

    @Test
    void readsWhatIsStillOnlyInTheWriteAheadLogAndLeavesTheFolderUntouched() throws Exception {
        Path base = base();
        Files.createDirectories(base.resolve("bob/media"));
        Files.write(base.resolve("bob/media/dog.png"), CAT);
        Path live = Files.createDirectories(temp.resolve("live"));
        try (Connection media = OldServerFixtures.officialMediaDatabase(live.resolve("media.db"), 0);
                Statement s = media.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("PRAGMA wal_autocheckpoint = 0");
            OldServerFixtures.officialRow(media, "dog.png", CAT, CAT.length, 1, 7);
            s.execute("UPDATE meta SET last_usn = 1");
            // What a stopped server leaves: the newest commits only in media.db-wal.
            Files.copy(live.resolve("media.db"), base.resolve("bob/media.db"));
            Files.copy(live.resolve("media.db-wal"), base.resolve("bob/media.db-wal"));
        }
        Map<Path, String> before = listing(base);

        try (MoveInSource folder = OfficialServerFolder.open(base, List.of(), temp.resolve("copies"))) {
            SourceUser bob = only(folder, "bob");
            assertThat(bob.mediaUsn()).isEqualTo(1);
            assertThat(bob.media()).extracting(SourceMediaRow::filename).containsExactly("dog.png");
        }

        assertThat(listing(base)).isEqualTo(before);
        assertThat(temp.resolve("copies")).doesNotExist();
    }

    @Test
    void aCollectionWithoutItsMediaDatabaseIsRefused() throws Exception {
        Path base = base();
        OldServerFixtures.collection(base.resolve("carol/collection.anki2"), 1, 0, 1, 1);

        try (MoveInSource folder = OfficialServerFolder.open(base, List.of(), temp.resolve("copies"))) {
            assertThat(only(folder, "carol").problem()).hasValueSatisfying(p -> assertThat(p).contains("media.db is missing"));
        }
    }

    @Test
    void declaredNamesThatPointOutsideTheFolderAreRefusedNotFollowed() throws Exception {
        Path base = base();
        alice(temp); // temp/alice exists: what "../alice" would reach

        try (MoveInSource folder = OfficialServerFolder.open(base, List.of("../alice", "/etc", "dave"),
                temp.resolve("copies"))) {
            assertThat(only(folder, "../alice").problem()).hasValueSatisfying(p -> assertThat(p).contains("outside"));
            assertThat(only(folder, "../alice").media()).isEmpty();
            assertThat(only(folder, "/etc").problem()).hasValueSatisfying(p -> assertThat(p).contains("outside"));
            // Declared but never used by the server: only the account comes along.
            SourceUser dave = only(folder, "dave");
            assertThat(dave.problem()).isEmpty();
            assertThat(dave.collection()).isEmpty();
            assertThat(dave.media()).isEmpty();
        }
    }

    @Test
    void aSymbolicLinkForAUserFolderIsRefused() throws Exception {
        Path base = base();
        Path elsewhere = alice(temp);
        Files.createSymbolicLink(base.resolve("mallory"), elsewhere);

        try (MoveInSource folder = OfficialServerFolder.open(base, List.of(), temp.resolve("copies"))) {
            assertThat(only(folder, "mallory").problem()).hasValueSatisfying(p -> assertThat(p).contains("symbolic link"));
        }
    }

    @Test
    void mediaNamesThatAreNotPlainFileNamesAreNeverOpened() throws Exception {
        Path base = base();
        alice(base);
        Files.writeString(base.resolve("secret.txt"), "not media");

        try (MoveInSource folder = OfficialServerFolder.open(base, List.of(), temp.resolve("copies"))) {
            SourceUser alice = only(folder, "alice");
            assertThatThrownBy(() -> folder.openMedia(alice, "../../secret.txt"))
                    .isInstanceOf(StorageException.class).hasMessageContaining("not a plain file name");
            assertThatThrownBy(() -> folder.openMedia(alice, "missing.png"))
                    .isInstanceOf(StorageException.class).hasMessageContaining("missing.png");
        }
    }

    private static Map<Path, String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(p -> p, p -> {
                try {
                    return OldServerFixtures.sha1Hex(Files.readAllBytes(p)) + "@" + Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
    }
}
