package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupSettingsTest {

    @Test
    void backupsAreOffByDefault() {
        assertThat(ServerConfig.fromEnv(Map.of()).backups()).isEmpty();
    }

    @Test
    void aBackupFolder_turnsThemOn_dailyKeepingAWeek() {
        assertThat(ServerConfig.fromEnv(Map.of("DECKHAND_DATA_DIR", "/srv/deckhand", "DECKHAND_BACKUP_DIR", "/backups")).backups())
                .contains(new BackupSchedule(Path.of("/backups"), Duration.ofHours(24), 7));
        assertThat(ServerConfig.fromEnv(Map.of("DECKHAND_BACKUP_DIR", "/backups", "DECKHAND_BACKUP_INTERVAL_HOURS", "6",
                "DECKHAND_BACKUP_KEEP", "28")).backups())
                .contains(new BackupSchedule(Path.of("/backups"), Duration.ofHours(6), 28));
    }

    @Test
    void settingsThatCannotWork_stopStartupNamingTheVariable() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("DECKHAND_BACKUP_KEEP", "3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_BACKUP_DIR is not");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("DECKHAND_BACKUP_DIR", "/b", "DECKHAND_BACKUP_KEEP", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_BACKUP_KEEP");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("DECKHAND_BACKUP_DIR", "/b", "DECKHAND_BACKUP_INTERVAL_HOURS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_BACKUP_INTERVAL_HOURS");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("DECKHAND_DATA_DIR", "/srv/deckhand",
                "DECKHAND_BACKUP_DIR", "/srv/deckhand/backups")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must not contain each other");
    }
}
