package dev.deckhand.app.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.deckhand.app.backup.BackupDestination.CompleteBackup;
import dev.deckhand.app.backup.BackupManifest.BackupBlob;
import dev.deckhand.app.backup.BackupManifest.BackupFile;
import dev.deckhand.app.backup.BackupManifest.FileKind;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
class OnlineBackupTest {

    @TempDir
    Path temp;
    private DataFolderFixture data;
    private BackupDestination destination;

    @BeforeEach
    void dataFolder() throws Exception {
        data = new DataFolderFixture(temp.resolve("data")).user("alice", 111).user("bob", 222);
        destination = new BackupDestination(temp.resolve("backups"));
    }

    @Test
    void aBackup_listsEveryFileWithItsChecksum_andEveryMediaContent() throws Exception {
        MediaFile cat = data.media("alice", "cat.png", "a cat");
        MediaFile dog = data.media("bob", "dog.png", "a dog");
        data.media("bob", "same-cat.png", "a cat");

        OnlineBackup.Report report = data.backup(DataFolderFixture.CLOCK).run(destination);

        CompleteBackup backup = report.backup();
        assertThat(backup.name()).isEqualTo("backup-2026-12-04T03-00-00Z");
        assertThat(destination.complete()).containsExactly(backup);
        BackupManifest manifest = ManifestJson.read(backup.manifest());
        assertThat(manifest.createdAt()).isEqualTo(DataFolderFixture.CLOCK.instant());
        assertThat(manifest.files()).extracting(BackupFile::path, BackupFile::kind).containsExactly(
                tuple("deckhand.sqlite", FileKind.SERVER_DATABASE),
                tuple(relative(data.collectionOf("alice")), FileKind.COLLECTION),
                tuple(relative(data.collectionOf("bob")), FileKind.COLLECTION));
        for (BackupFile file : manifest.files()) {
            assertThat(FileDigest.of(backup.folder().resolve(file.path())))
                    .as(file.path()).isEqualTo(new FileDigest(file.sha256(), file.size()));
        }
        assertThat(manifest.blobs()).containsExactlyInAnyOrder(
                new BackupBlob(cat.sha256(), cat.size()), new BackupBlob(dog.sha256(), dog.size()));
        assertThat(report.collections()).isEqualTo(2);
        assertThat(report.blobsCopied()).isEqualTo(2);
        assertThat(new BackupVerifier().verify(backup, destination.blobs()).problems()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup.folder()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup.manifest()))).isEqualTo("rw-------");
    }

    @Test
    void aLaterBackup_copiesOnlyTheMediaContentsThatAreNew() throws Exception {
        MediaFile old = data.media("alice", "old.png", "there before");
        data.backup(DataFolderFixture.CLOCK).run(destination);
        Path kept = destination.root().resolve("blobs").resolve(old.sha256().hex().substring(0, 2)).resolve(old.sha256().hex());
        Object keptIdentity = Files.readAttributes(kept, BasicFileAttributes.class).fileKey();
        MediaFile added = data.media("bob", "new.png", "added since");

        OnlineBackup.Report second = data.backup(Clock.offset(DataFolderFixture.CLOCK, Duration.ofHours(1))).run(destination);

        assertThat(second.blobs()).isEqualTo(2);
        assertThat(second.blobsCopied()).isEqualTo(1);
        assertThat(second.bytesCopied()).isEqualTo(added.size());
        assertThat(Files.readAttributes(kept, BasicFileAttributes.class).fileKey()).as("not copied again").isEqualTo(keptIdentity);
        assertThat(destination.complete()).hasSize(2);
        assertThat(new BackupVerifier().verify(second.backup(), destination.blobs()).intact()).isTrue();
    }

    @Test
    void whatAKilledBackupLeft_isClearedByTheNext_andPreviousBackupsStay() throws Exception {
        CompleteBackup first = data.backup(DataFolderFixture.CLOCK).run(destination).backup();
        Path leftover = Files.createDirectories(destination.root().resolve(".incomplete-backup-2026-12-04T03-30-00Z/users"));
        Files.writeString(leftover.resolve("half.anki2"), "half a copy");
        Path halfBlob = Files.writeString(destination.root().resolve("blobs/incoming/blob-1.part"), "half a blob");
        Files.setLastModifiedTime(halfBlob, FileTime.from(DataFolderFixture.CLOCK.instant()));

        CompleteBackup second = data.backup(Clock.offset(DataFolderFixture.CLOCK, Duration.ofHours(1))).run(destination).backup();

        assertThat(leftover.getParent()).doesNotExist();
        assertThat(halfBlob).doesNotExist();
        assertThat(destination.complete()).containsExactly(first, second);
        assertThat(new BackupVerifier().verify(first, destination.blobs()).intact()).isTrue();
    }

    @Test
    void aContentMissingFromTheStore_failsTheBackup_leavingNoFolderBehind() throws Exception {
        MediaFile lost = data.media("alice", "lost.png", "gone from disk");
        Files.delete(data.blobPath(lost.sha256()));

        assertThatThrownBy(() -> data.backup(DataFolderFixture.CLOCK).run(destination))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining(lost.sha256().hex())
                .hasMessageContaining("run the backup again");
        try (Stream<Path> entries = Files.list(destination.root())) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".lock", "blobs");
        }
    }

    @Test
    void aSecondWriter_isRefusedWhileTheDestinationIsLocked() {
        try (BackupDestination.Lock held = destination.lock()) {
            assertThatThrownBy(() -> data.backup(DataFolderFixture.CLOCK).run(destination))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("another backup");
        }
        assertThat(data.backup(DataFolderFixture.CLOCK).run(destination).collections()).isEqualTo(2);
    }

    @Test
    void theGuardSeesEachCollectionWithItsOwner() {
        List<String> seen = new ArrayList<>();
        CollectionGuard recording = (owner, copy) -> {
            seen.add(owner.map(UserId::name).orElse("?"));
            copy.run();
        };

        new OnlineBackup(data.folder, data.serverDatabase(), data.blobs, recording, DataFolderFixture.CLOCK, "test")
                .run(destination);

        assertThat(seen).containsExactlyInAnyOrder("alice", "bob");
    }

    private String relative(Path file) {
        return data.folder.toAbsolutePath().relativize(file.toAbsolutePath()).toString();
    }
}
