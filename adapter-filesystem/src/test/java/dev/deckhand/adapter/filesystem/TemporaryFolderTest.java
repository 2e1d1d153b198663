package dev.deckhand.adapter.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.out.Leftovers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporaryFolderTest {

    @TempDir Path data;

    private static Path file(Path path, int bytes, Instant modified) throws IOException {
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[bytes]);
        Files.setLastModifiedTime(path, FileTime.from(modified));
        return path;
    }

    @Test
    void removesOnlyFilesOlderThanTheCutoffAndTheFoldersTheyLeaveEmpty() throws IOException {
        Instant now = Instant.now();
        Path tmp = data.resolve("tmp");
        Path oldZip = file(tmp.resolve("media-download-1.zip"), 100, now.minus(Duration.ofDays(2)));
        Path oldMember = file(tmp.resolve("media-upload-7/member-1.bin"), 50, now.minus(Duration.ofDays(2)));
        Path fresh = file(tmp.resolve("media-upload-8/member-1.bin"), 10, now);

        Leftovers.Removed removed = new TemporaryFolder(tmp).removeOlderThan(now.minus(Duration.ofDays(1)));

        assertThat(removed).isEqualTo(new Leftovers.Removed(2, 150));
        assertThat(oldZip).doesNotExist();
        assertThat(oldMember.getParent()).as("emptied upload folder").doesNotExist();
        assertThat(fresh).as("in use").exists();
        assertThat(tmp).exists();
    }

    @Test
    void atStartUpEverythingGoesAndLinksAreNeverFollowed() throws IOException {
        Path outside = file(data.resolve("precious/keep.txt"), 5, Instant.now().minus(Duration.ofDays(9)));
        Path tmp = Files.createDirectories(data.resolve("tmp"));
        Files.createSymbolicLink(tmp.resolve("link"), outside.getParent());
        file(tmp.resolve("x.part"), 7, Instant.now());

        Leftovers.Removed removed = new TemporaryFolder(tmp).removeOlderThan(Instant.now().plusSeconds(1));

        assertThat(removed.files()).isEqualTo(2); // the part and the link itself
        assertThat(outside).exists();
        assertThat(new TemporaryFolder(data.resolve("absent")).removeOlderThan(Instant.now())).isEqualTo(Leftovers.Removed.NONE);
    }

    @Test
    void theBlobStoreClearsItsIncomingParts() throws IOException {
        FilesystemBlobStore blobs = new FilesystemBlobStore(data.resolve("blobs"));
        Path part = file(data.resolve("blobs/incoming/blob-1.part"), 9, Instant.now().minus(Duration.ofHours(30)));

        assertThat(blobs.removeOlderThan(Instant.now().minus(Duration.ofHours(24))).files()).isEqualTo(1);
        assertThat(part).doesNotExist();
    }
}
