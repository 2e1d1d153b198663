package dev.deckhand.app.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.adapter.filesystem.FilesystemBlobStore;
import dev.deckhand.app.backup.BackupDestination.CompleteBackup;
import dev.deckhand.ports.model.MediaFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    @TempDir
    Path temp;
    private DataFolderFixture data;
    private BackupDestination destination;
    private int hour;

    @BeforeEach
    void dataFolder() throws Exception {
        data = new DataFolderFixture(temp.resolve("data")).user("alice", 111);
        destination = new BackupDestination(temp.resolve("backups"));
    }

    private CompleteBackup backupAt() {
        return data.backup(Clock.offset(DataFolderFixture.CLOCK, Duration.ofHours(hour++))).run(destination).backup();
    }

    @Test
    void theOldestBackupsGo_andAContentGoesOnlyWithTheLastBackupThatListsIt() throws Exception {
        MediaFile a = data.media("alice", "a.png", "content a");
        CompleteBackup first = backupAt();
        MediaFile b = data.media("alice", "b.png", "content b");
        CompleteBackup second = backupAt();
        data.media("alice", "a.png", "a replaced, so content a is no longer needed");
        CompleteBackup third = backupAt();
        FilesystemBlobStore blobs = destination.blobs();

        Retention.Report keepTwo = new Retention().keepNewest(destination, 2);

        assertThat(keepTwo.deletedBackups()).containsExactly(first.name());
        assertThat(keepTwo.deletedBlobs()).isZero();
        assertThat(destination.complete()).containsExactly(second, third);
        assertThat(blobs.exists(a.sha256())).as("the second backup still lists it").isTrue();

        Retention.Report keepOne = new Retention().keepNewest(destination, 1);

        assertThat(keepOne.deletedBackups()).containsExactly(second.name());
        assertThat(keepOne.deletedBlobs()).isEqualTo(1);
        assertThat(keepOne.bytesFreed()).isEqualTo(a.size());
        assertThat(blobs.exists(a.sha256())).isFalse();
        assertThat(blobs.exists(b.sha256())).isTrue();
        assertThat(new BackupVerifier().verify(third, blobs).intact()).isTrue();
    }

    @Test
    void contentsLeftByAKilledBackup_areRemovedWhenNoBackupListsThem() throws Exception {
        backupAt();
        MediaFile orphan = data.media("alice", "late.png", "copied by a backup that was then killed");
        destination.blobs().put(orphan.sha256(), Files.newInputStream(data.blobPath(orphan.sha256())), orphan.size());

        assertThat(new Retention().keepNewest(destination, 5).deletedBlobs()).isEqualTo(1);
        assertThat(destination.blobs().exists(orphan.sha256())).isFalse();
    }

    @Test
    void anUnreadableKeptManifest_stopsRetentionBeforeAnyContentIsRemoved() throws Exception {
        MediaFile a = data.media("alice", "a.png", "content a");
        CompleteBackup only = backupAt();
        Files.writeString(only.manifest(), "{ damaged");

        assertThatThrownBy(() -> new Retention().keepNewest(destination, 1)).isInstanceOf(BackupException.class);
        assertThat(destination.blobs().exists(a.sha256())).isTrue();
    }
}
