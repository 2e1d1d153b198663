package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the server's parser notes while it reads, which is what {@code config check} prints. */
class SettingsReadsTest {

    private static SettingsReads readsOf(Map<String, String> env) {
        EnvironmentVariables settings = new EnvironmentVariables(env);
        ServerConfig.fromSettings(settings);
        return settings.reads();
    }

    @Test
    void notesEveryNameReadAndTheDefaultUsed() {
        SettingsReads reads = readsOf(Map.of("DECKHAND_PORT", "9000"));

        assertThat(reads.names()).contains("DECKHAND_DATA_DIR", "SYNC_BASE", "DECKHAND_PORT", "DECKHAND_LOCK_WAIT_SECONDS");
        assertThat(reads.fallback("DECKHAND_LOCK_WAIT_SECONDS")).contains("30");
        assertThat(reads.fallback("DECKHAND_HOST")).contains("0.0.0.0");
        assertThat(reads.fallback("DECKHAND_SHARED_MEDIA")).contains("off");
        assertThat(reads.fallback("DECKHAND_PORT")).isEmpty();
    }

    @Test
    void passwordsAndSecretKeysAreNotedAsSecrets_andSettingsOfFeaturesThatAreOffAreNotRead() {
        SettingsReads off = readsOf(Map.of("SYNC_USER1", "ada:pw", "DECKHAND_POSTGRES_PASSWORD", "x"));
        SettingsReads on = readsOf(Map.of("DECKHAND_SHARED_MEDIA", "on", "DECKHAND_POSTGRES_URL", "jdbc:postgresql://db/d",
                "DECKHAND_SHARED_MEDIA_BUCKET", "media", "DECKHAND_POSTGRES_PASSWORD", "x"));

        assertThat(off.isSecret("SYNC_USER1")).isTrue();
        assertThat(off.names()).doesNotContain("DECKHAND_POSTGRES_PASSWORD");
        assertThat(on.isSecret("DECKHAND_POSTGRES_PASSWORD")).isTrue();
        assertThat(on.isSecret("DECKHAND_S3_SECRET_ACCESS_KEY")).isTrue();
        assertThat(on.isSecret("DECKHAND_POSTGRES_URL")).isFalse();
    }
}
