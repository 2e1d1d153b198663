package dev.deckhand.app.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.app.backup.BackupDestination.CompleteBackup;
import dev.deckhand.ports.model.MediaFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupVerifierTest {

    @TempDir
    Path temp;
    private BackupDestination destination;
    private CompleteBackup backup;
    private MediaFile cat;
    private String alicePath;

    @BeforeEach
    void aBackup() throws Exception {
        DataFolderFixture data = new DataFolderFixture(temp.resolve("data")).user("alice", 111);
        cat = data.media("alice", "cat.png", "a cat, in many bytes ".repeat(20));
        destination = new BackupDestination(temp.resolve("backups"));
        backup = data.backup(DataFolderFixture.CLOCK).run(destination).backup();
        alicePath = data.folder.relativize(data.collectionOf("alice")).toString();
    }

    private BackupVerifier.Verification verify() {
        return new BackupVerifier().verify(backup, destination.blobs());
    }

    @Test
    void anUntouchedBackup_isIntact() {
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void aFlippedByteInACollection_isNamed() throws Exception {
        DataFolderFixture.flipAByte(backup.folder().resolve(alicePath));

        assertThat(verify().problems()).singleElement().asString().startsWith(alicePath + " is damaged");
    }

    @Test
    void aFlippedByteInAMediaContent_orAMissingOne_isNamed() throws Exception {
        Path blob = destination.root().resolve("blobs").resolve(cat.sha256().hex().substring(0, 2)).resolve(cat.sha256().hex());
        DataFolderFixture.flipAByte(blob);
        assertThat(verify().problems()).singleElement().asString().contains(cat.sha256().hex()).contains("damaged");

        Files.delete(blob);
        assertThat(verify().problems()).singleElement().asString().contains(cat.sha256().hex()).contains("missing");
    }

    @Test
    void aMissingFile_isNamed() throws Exception {
        Files.delete(backup.folder().resolve("deckhand.sqlite"));

        assertThat(verify().problems()).singleElement().asString().isEqualTo("deckhand.sqlite is missing");
    }
}
