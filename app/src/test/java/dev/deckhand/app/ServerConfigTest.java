package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.Credential;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void withNoSettings_runsTheEmbeddedDefault() {
        ServerConfig config = ServerConfig.fromEnv(Map.of());

        assertThat(config.dataFolder()).isEqualTo(Path.of("data"));
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.maxPayloadMegabytes()).isEqualTo(100);
        assertThat(config.lockWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.environmentUsers()).isEmpty();
        assertThat(config.maxHostKeyAge()).isEmpty();
    }

    @Test
    void hostKeysCanBeMadeToExpire() {
        assertThat(ServerConfig.fromEnv(Map.of("DECKHAND_HOST_KEY_MAX_AGE_DAYS", "30")).maxHostKeyAge())
                .contains(Duration.ofDays(30));
        assertThat(ServerConfig.fromEnv(Map.of("DECKHAND_HOST_KEY_MAX_AGE_DAYS", "0")).maxHostKeyAge()).isEmpty();
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("DECKHAND_HOST_KEY_MAX_AGE_DAYS", "-3")))
                .hasMessageContaining("DECKHAND_HOST_KEY_MAX_AGE_DAYS");
    }

    @Test
    void acceptsTheOfficialServersNames_andPrefersDeckhandsOwn() {
        ServerConfig official = ServerConfig.fromEnv(Map.of(
                "SYNC_BASE", "/srv/anki", "SYNC_HOST", "127.0.0.1", "SYNC_PORT", "27701", "MAX_SYNC_PAYLOAD_MEGS", "200"));
        ServerConfig both = ServerConfig.fromEnv(Map.of("SYNC_PORT", "27701", "DECKHAND_PORT", "9000"));

        assertThat(official.dataFolder()).isEqualTo(Path.of("/srv/anki"));
        assertThat(official.host()).isEqualTo("127.0.0.1");
        assertThat(official.port()).isEqualTo(27701);
        assertThat(official.maxPayloadMegabytes()).isEqualTo(200);
        assertThat(both.port()).isEqualTo(9000);
    }

    @Test
    void syncUsers_areReadUpToTheFirstGap() {
        ServerConfig config = ServerConfig.fromEnv(Map.of(
                "SYNC_USER1", "alice:pw:with:colons", "SYNC_USER2", "bob:secret", "SYNC_USER4", "skipped:x"));

        assertThat(config.environmentUsers()).extracting(u -> u.user().name()).containsExactly("alice", "bob");
        assertThat(config.environmentUsers().get(0).credential()).isEqualTo(new Credential.PlainPassword("pw:with:colons"));
    }

    @Test
    void passwordsHashed_treatsThePasswordsAsPhcHashes() {
        ServerConfig config = ServerConfig.fromEnv(Map.of(
                "SYNC_USER1", "alice:$pbkdf2-sha256$i=1000,l=32$AAECAwQFBgcICQoLDA0ODw$M6eMN3yntlkPobIVzJcPulFgdvEI7LaK9Y7JXYYCFwE",
                "PASSWORDS_HASHED", "1"));

        assertThat(config.environmentUsers().get(0).credential()).isInstanceOf(Credential.PasswordHash.class);
    }

    @Test
    void badValues_stopStartupNamingTheVariable() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("DECKHAND_PORT", "eighty"))).hasMessageContaining("DECKHAND_PORT");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SYNC_PORT", "70000"))).hasMessageContaining("SYNC_PORT");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SYNC_USER1", "nocolon"))).hasMessageContaining("SYNC_USER1");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SYNC_USER1", "alice:"))).hasMessageContaining("SYNC_USER1");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("MAX_SYNC_PAYLOAD_MEGS", "0"))).hasMessageContaining("MAX_SYNC_PAYLOAD_MEGS");
    }

    @Test
    void blobsGoToS3_onlyWhenAskedTo() {
        assertThat(ServerConfig.fromEnv(Map.of()).s3()).isEmpty();

        ServerConfig s3 = ServerConfig.fromEnv(Map.of("DECKHAND_BLOB_STORE", "s3", "DECKHAND_S3_BUCKET", "media",
                "DECKHAND_S3_ENDPOINT", "http://127.0.0.1:9000", "DECKHAND_S3_ACCESS_KEY_ID", "id", "DECKHAND_S3_SECRET_ACCESS_KEY", "topsecret"));

        assertThat(s3.s3()).hasValueSatisfying(settings -> {
            assertThat(settings.bucket()).isEqualTo("media");
            assertThat(settings.pathStyle()).isTrue();
        });
        assertThat(s3.toString()).doesNotContain("topsecret");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("DECKHAND_BLOB_STORE", "s3"))).hasMessageContaining("DECKHAND_S3_BUCKET");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("DECKHAND_BLOB_STORE", "ftp"))).hasMessageContaining("DECKHAND_BLOB_STORE");
    }

    /** Sync media and shared-deck media both in S3, each in the bucket and under the prefix given. */
    private static Map<String, String> bothInS3(String syncBucket, String syncPrefix, String sharedBucket, String sharedPrefix) {
        return Map.of("DECKHAND_BLOB_STORE", "s3", "DECKHAND_S3_BUCKET", syncBucket, "DECKHAND_S3_PREFIX", syncPrefix,
                "DECKHAND_S3_ENDPOINT", "http://127.0.0.1:9000", "DECKHAND_SHARED_MEDIA", "on",
                "DECKHAND_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/deckhand",
                "DECKHAND_SHARED_MEDIA_BUCKET", sharedBucket, "DECKHAND_SHARED_MEDIA_PREFIX", sharedPrefix);
    }

    @Test
    void syncAndSharedMediaInOneBucket_whereOnesKeysLeadIntoTheOthers_areRefusedNamingBothPrefixes() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(bothInS3("media", "media/", "media", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DECKHAND_S3_PREFIX='media/' and DECKHAND_SHARED_MEDIA_PREFIX='' overlap in bucket media")
                .hasMessageContaining("'media/blobs/'")
                .hasMessageContaining("e.g. both 'deckhand/'");
        assertThatThrownBy(() -> ServerConfig.fromEnv(bothInS3("media", "incoming/", "media", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'incoming/'");
        assertThatThrownBy(() -> ServerConfig.fromEnv(bothInS3("media", "", "media", "blobs/")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'blobs/media/'");
        assertThatThrownBy(() -> ServerConfig.fromEnv(bothInS3("media", "deckhand/", "media", "deckhand/blobs/")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_SHARED_MEDIA_PREFIX='deckhand/blobs/'");
    }

    @Test
    void syncAndSharedMedia_withTheSamePrefix_disjointPrefixes_orSeparateBuckets_areAccepted() {
        for (Map<String, String> settings : List.of(
                bothInS3("media", "", "media", ""),
                bothInS3("media", "deckhand/", "media", "deckhand/"),
                bothInS3("media", "sync/", "media", "shared/"),
                bothInS3("media", "media", "media", ""),
                bothInS3("sync-media", "media/", "shared-media", ""))) {
            ServerConfig config = ServerConfig.fromEnv(settings);
            assertThat(config.s3()).as(settings.toString()).isPresent();
            assertThat(config.sharedMedia()).as(settings.toString()).isPresent();
        }
    }

    @Test
    void secretsNeverAppearInToString() {
        ServerConfig config = ServerConfig.fromEnv(Map.of("SYNC_USER1", "alice:hunter2"));

        assertThat(config.toString()).doesNotContain("hunter2");
    }
}
