package dev.deckhand.app.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.app.backup.BackupManifest.BackupBlob;
import dev.deckhand.app.backup.BackupManifest.BackupFile;
import dev.deckhand.app.backup.BackupManifest.FileKind;
import dev.deckhand.ports.model.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestJsonTest {

    @TempDir
    Path folder;

    private static final BackupManifest MANIFEST = new BackupManifest("1.2.3", Instant.parse("2026-12-04T03:00:00.250Z"),
            List.of(new BackupFile("deckhand.sqlite", FileKind.SERVER_DATABASE, new Sha256("a".repeat(64)), 4096),
                    new BackupFile("users/alice-0123/collection.anki2", FileKind.COLLECTION, new Sha256("b".repeat(64)), 8192)),
            List.of(new BackupBlob(new Sha256("c".repeat(64)), 12)));

    @Test
    void aWrittenManifest_readsBackTheSame_andIsPlainJsonAnOperatorCanRead() throws Exception {
        Path file = folder.resolve("manifest.json");

        ManifestJson.write(MANIFEST, file);

        assertThat(ManifestJson.read(file)).isEqualTo(MANIFEST);
        assertThat(Files.readString(file))
                .contains("\"format\" : 1")
                .contains("\"path\" : \"users/alice-0123/collection.anki2\"")
                .contains("\"kind\" : \"server-database\"")
                .contains("\"sha256\" : \"" + "c".repeat(64) + "\"");
    }

    @Test
    void aManifestFromANewerFormat_orNotAManifestAtAll_isRefusedByName() throws Exception {
        Path newer = Files.writeString(folder.resolve("newer.json"),
                "{\"format\": 2, \"deckhandVersion\": \"9\", \"createdAt\": \"2030-01-01T00:00:00Z\", \"files\": [], \"blobs\": []}");
        Path broken = Files.writeString(folder.resolve("broken.json"), "{\"format\": 1, \"files\": [");
        Path incomplete = Files.writeString(folder.resolve("incomplete.json"), "{\"format\": 1}");

        assertThatThrownBy(() -> ManifestJson.read(newer)).isInstanceOf(BackupException.class).hasMessageContaining("format 2");
        assertThatThrownBy(() -> ManifestJson.read(broken)).isInstanceOf(BackupException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ManifestJson.read(incomplete)).isInstanceOf(BackupException.class).hasMessageContaining("files");
    }

    @Test
    void aPathLeadingOutOfTheBackup_isNotAcceptedFromAManifest() throws Exception {
        Path evil = Files.writeString(folder.resolve("evil.json"), "{\"format\": 1, \"deckhandVersion\": \"1\","
                + " \"createdAt\": \"2026-01-01T00:00:00Z\", \"blobs\": [], \"files\": [{\"path\": \"../../etc/passwd\","
                + " \"kind\": \"collection\", \"sha256\": \"" + "a".repeat(64) + "\", \"size\": 1}]}");

        assertThatThrownBy(() -> ManifestJson.read(evil)).isInstanceOf(BackupException.class).hasMessageContaining("../../etc/passwd");
        assertThatThrownBy(() -> new BackupFile("/etc/passwd", FileKind.COLLECTION, new Sha256("a".repeat(64)), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
