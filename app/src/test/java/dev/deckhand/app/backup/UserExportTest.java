package dev.deckhand.app.backup;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteMediaLedger;
import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.adapter.sqlite.collection.ColpkgWriter;
import dev.deckhand.ports.model.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package layout is ColpkgWriterTest's; the official importer reads it in conformance/tests/test_backup.py. */
class UserExportTest {

    @TempDir
    Path temp;

    @Test
    void anExport_packsTheUsersCollectionAndOnlyTheirMedia_andLeavesNoWorkFilesBehind() throws Exception {
        DataFolderFixture data = new DataFolderFixture(temp.resolve("data")).user("alice", 1).user("bob", 2);
        data.media("alice", "cat.png", "alice's cat");
        data.media("bob", "dog.png", "bob's dog");
        Path out = Files.createDirectories(temp.resolve("out"));

        ColpkgWriter.Contents contents;
        try (ServerDatabase database = ServerDatabase.open(data.serverDatabase(), STAMP)) {
            contents = new UserExport(new CollectionFiles(data.folder), new SqliteMediaLedger(database), data.blobs)
                    .write(new UserId("alice"), out.resolve("alice.colpkg"));
        }

        assertThat(contents.mediaFiles()).isEqualTo(1);
        assertThat(contents.collectionBytes()).isEqualTo(Files.size(data.collectionOf("alice")));
        try (ZipFile zip = new ZipFile(out.resolve("alice.colpkg").toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName)).containsExactly("meta", "collection.anki21b", "0", "media");
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("alice.colpkg");
        }
    }

    @Test
    void aUserWithoutACollection_orAFileThatExists_isRefused() throws Exception {
        DataFolderFixture data = new DataFolderFixture(temp.resolve("data")).user("alice", 1);
        Path taken = Files.writeString(temp.resolve("taken.colpkg"), "someone's");
        try (ServerDatabase database = ServerDatabase.open(data.serverDatabase(), STAMP)) {
            UserExport export = new UserExport(new CollectionFiles(data.folder), new SqliteMediaLedger(database), data.blobs);

            assertThatThrownBy(() -> export.write(new UserId("carol"), temp.resolve("carol.colpkg")))
                    .isInstanceOf(BackupException.class).hasMessageContaining("carol has no collection");
            assertThatThrownBy(() -> export.write(new UserId("alice"), taken))
                    .isInstanceOf(BackupException.class).hasMessageContaining("exists already");
        }
        assertThat(Files.readString(taken)).isEqualTo("someone's");
    }
}
