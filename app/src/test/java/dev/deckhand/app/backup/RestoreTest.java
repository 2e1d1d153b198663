package dev.deckhand.app.backup;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.adapter.filesystem.FilesystemBlobStore;
import dev.deckhand.adapter.passwords.Pbkdf2PasswordHashing;
import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteAccountStore;
import dev.deckhand.adapter.sqlite.SqliteMediaLedger;
import dev.deckhand.app.backup.BackupDestination.CompleteBackup;
import dev.deckhand.app.backup.BackupManifest.BackupFile;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreTest {

    @TempDir
    Path temp;
    private DataFolderFixture data;
    private BackupDestination destination;
    private CompleteBackup backup;
    private MediaFile cat;
    private final Restore restore = new Restore(folder -> new FilesystemBlobStore(folder.resolve("blobs")), DataFolderFixture.CLOCK);

    @BeforeEach
    void aBackup() throws Exception {
        data = new DataFolderFixture(temp.resolve("data")).user("alice", 111).user("bob", 222);
        cat = data.media("alice", "cat.png", "a cat");
        destination = new BackupDestination(temp.resolve("backups"));
        backup = data.backup(DataFolderFixture.CLOCK).run(destination).backup();
    }

    @Test
    void aRestore_intoAnEmptyFolder_bringsBackEveryFileAccountAndMediaContent() throws Exception {
        Path target = Files.createDirectories(temp.resolve("new-data"));

        Restore.Report report = restore.into(target, backup, destination.blobs());

        assertThat(report.collections()).isEqualTo(2);
        assertThat(report.blobs()).isEqualTo(1);
        for (BackupFile file : ManifestJson.read(backup.manifest()).files()) {
            assertThat(Files.readAllBytes(target.resolve(file.path()))).as(file.path())
                    .isEqualTo(Files.readAllBytes(backup.folder().resolve(file.path())));
        }
        assertThat(Files.readAllBytes(target.resolve("blobs").resolve(cat.sha256().hex().substring(0, 2)).resolve(cat.sha256().hex())))
                .isEqualTo(Files.readAllBytes(data.blobPath(cat.sha256())));
        assertThat(target.resolve(Restore.STAGING)).doesNotExist();
        try (ServerDatabase database = ServerDatabase.open(target.resolve("deckhand.sqlite"), STAMP)) {
            assertThat(new SqliteAccountStore(database, DataFolderFixture.CLOCK, new Pbkdf2PasswordHashing()).list())
                    .containsExactly(new UserId("alice"), new UserId("bob"));
            assertThat(new SqliteMediaLedger(database).liveFiles(new UserId("alice"))).containsEntry("cat.png", cat);
        }
    }

    @Test
    void aFolderThatDoesNotExistYet_isCreated() {
        restore.into(temp.resolve("absent/data"), backup, destination.blobs());

        assertThat(temp.resolve("absent/data/deckhand.sqlite")).isRegularFile();
    }

    @Test
    void aFolderThatIsNotEmpty_isRefused_andLeftAsItWas() throws Exception {
        Path target = Files.createDirectories(temp.resolve("busy"));
        Files.writeString(target.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> restore.into(target, backup, destination.blobs()))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("is not empty")
                .hasMessageContaining("notes.txt");
        assertThat(entries(target)).containsExactly("notes.txt");
    }

    @Test
    void aFlippedByteInACollection_failsTheRestoreClearly_andRestoresNothing() throws Exception {
        String alice = data.folder.relativize(data.collectionOf("alice")).toString();
        DataFolderFixture.flipAByte(backup.folder().resolve(alice));
        Path target = Files.createDirectories(temp.resolve("new-data"));

        assertThatThrownBy(() -> restore.into(target, backup, destination.blobs()))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("the backup is damaged: " + alice);
        assertThat(entries(target)).isEmpty();
    }

    @Test
    void aFlippedByteInAMediaContent_failsTheRestoreClearly_andRestoresNothing() throws Exception {
        DataFolderFixture.flipAByte(destination.root().resolve("blobs").resolve(cat.sha256().hex().substring(0, 2))
                .resolve(cat.sha256().hex()));
        Path target = Files.createDirectories(temp.resolve("new-data"));

        assertThatThrownBy(() -> restore.into(target, backup, destination.blobs()))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("the backup is damaged: media content " + cat.sha256().hex());
        assertThat(entries(target)).isEmpty();
    }

    @Test
    void whatAKilledRestoreLeft_doesNotCountAsContent_andIsReplaced() throws Exception {
        Path target = Files.createDirectories(temp.resolve("new-data"));
        Files.createDirectories(target.resolve(Restore.STAGING).resolve("users"));

        restore.into(target, backup, destination.blobs());

        assertThat(entries(target)).containsExactlyInAnyOrder("blobs", "deckhand.sqlite", "users");
    }

    private static Stream<String> entries(Path folder) throws Exception {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
