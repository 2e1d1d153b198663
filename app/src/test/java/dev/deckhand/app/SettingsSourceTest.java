package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsSourceTest {

    @TempDir Path folder;

    @Test
    void theSettingsFileIsReadAndTheEnvironmentWins() throws IOException {
        Path file = Files.writeString(folder.resolve("deckhand.env"), """
                # written by the operator
                DECKHAND_DATA_DIR=/var/lib/deckhand

                DECKHAND_PORT="27701"
                SYNC_USER1='alice:two words'
                """);
        Map<String, String> settings = SettingsSource.load(Map.of("DECKHAND_CONFIG", file.toString(), "DECKHAND_PORT", "9000"),
                folder.resolve("absent"));

        assertThat(settings).containsEntry("DECKHAND_DATA_DIR", "/var/lib/deckhand")
                .containsEntry("DECKHAND_PORT", "9000")
                .containsEntry("SYNC_USER1", "alice:two words");
    }

    @Test
    void theDefaultFileIsUsedWhenPresentAndNothingElseIsInvented() throws IOException {
        Path defaultFile = Files.writeString(folder.resolve("default.env"), "DECKHAND_DATA_DIR=/srv/deckhand\n");
        assertThat(SettingsSource.load(Map.of(), defaultFile)).containsEntry("DECKHAND_DATA_DIR", "/srv/deckhand");
        assertThat(SettingsSource.load(Map.of("A", "b"), folder.resolve("absent"))).isEqualTo(Map.of("A", "b"));
    }

    @Test
    void aNamedFileMustExistAndEveryLineMustBeASetting() throws IOException {
        assertThatThrownBy(() -> SettingsSource.load(Map.of("DECKHAND_CONFIG", folder.resolve("typo.env").toString()),
                folder.resolve("absent"))).isInstanceOf(ConfigException.class).hasMessageContaining("not a file");

        Path broken = Files.writeString(folder.resolve("broken.env"), "DECKHAND_PORT=1\nexport DECKHAND_HOST\n");
        assertThatThrownBy(() -> SettingsSource.load(Map.of("DECKHAND_CONFIG", broken.toString()), folder.resolve("absent")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 2");
    }
}
