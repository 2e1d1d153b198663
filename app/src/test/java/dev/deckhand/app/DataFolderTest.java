package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

    @TempDir Path parent;

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void theServerMakesAPrivateFolderAndDatabase() throws IOException {
        Path data = parent.resolve("new/data");

        DataFolder.prepareForServer(data);

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("deckhand.sqlite"))).isEqualTo("rw-------");
    }

    @Test
    void aFolderOthersCanReadIsNarrowed() throws IOException {
        Path data = Files.createDirectory(parent.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path database = Files.createFile(data.resolve("deckhand.sqlite"));
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));

        DataFolder.prepareForServer(data);

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(database)).isEqualTo("rw-------");
    }

    @Test
    void adminCommandsNeverCreateADataFolder() {
        Path elsewhere = parent.resolve("somewhere-else/data");

        assertThatThrownBy(() -> DataFolder.existing(elsewhere))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(elsewhere.toAbsolutePath().toString())
                .hasMessageContaining("DECKHAND_DATA_DIR");
        assertThatThrownBy(() -> Deckhand.accountsIn(elsewhere)).isInstanceOf(ConfigException.class);
        assertThat(parent.resolve("somewhere-else")).doesNotExist();
    }

    @Test
    void adminCommandsFindTheServersFolder() {
        Path data = parent.resolve("data");
        DataFolder.prepareForServer(data);
        assertThat(DataFolder.existing(parent.resolve("./data"))).isEqualTo(data.toAbsolutePath());
    }

    @Test
    void theServerRefusesToStartBesideAnkisyncdDataNotMovedIn() throws IOException {
        Path data = parent.resolve("data");
        Files.createDirectories(data.resolve("collections/alice"));
        Files.createFile(data.resolve("collections/alice/collection.anki2"));

        assertThatThrownBy(() -> DataFolder.prepareForServer(data))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("deckhand import ankisyncd " + data.toAbsolutePath())
                .hasMessageNotContaining("\n");
        assertThat(data.resolve("deckhand.sqlite")).as("a refused start creates nothing").doesNotExist();
    }

    @Test
    void aFolderNoUserCouldBeNamedAfterDoesNotBlock() throws IOException {
        Path data = parent.resolve("data");
        Files.createDirectories(data.resolve("bad\u0001name"));
        Files.createFile(data.resolve("bad\u0001name/collection.anki2"));

        assertThat(DataFolder.prepareForServer(data)).isEqualTo(data.toAbsolutePath());
    }
}
