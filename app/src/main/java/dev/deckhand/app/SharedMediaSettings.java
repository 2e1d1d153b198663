package dev.deckhand.app;

import dev.deckhand.adapter.http.ApiRateLimits;
import dev.deckhand.adapter.postgres.PostgresSettings;
import dev.deckhand.adapter.s3.S3Settings;
import dev.deckhand.media.shared.SharedMediaLimits;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads {@link SharedMediaConfig} from the environment: off unless {@code DECKHAND_SHARED_MEDIA=on};
 * then {@code DECKHAND_POSTGRES_*} for the catalog, {@code DECKHAND_SHARED_MEDIA_BUCKET} plus the
 * {@code DECKHAND_S3_*} connection for the files, and optional limits.
 */
final class SharedMediaSettings {

    private SharedMediaSettings() {}

    static Optional<SharedMediaConfig> fromEnv(EnvironmentVariables env) {
        if (!env.flag("DECKHAND_SHARED_MEDIA", false)) {
            return Optional.empty();
        }
        PostgresSettings postgres = ClusterSettings.postgres(env, "DECKHAND_SHARED_MEDIA=on");
        String bucket = env.first("DECKHAND_SHARED_MEDIA_BUCKET").orElseThrow(() -> new ConfigException(
                "DECKHAND_SHARED_MEDIA_BUCKET is required when DECKHAND_SHARED_MEDIA=on"));
        S3Settings objects = S3Connection.fromEnv(env, bucket, env.text("", "DECKHAND_SHARED_MEDIA_PREFIX"));
        SharedMediaLimits defaults = SharedMediaLimits.defaults();
        SharedMediaLimits limits;
        try {
            limits = new SharedMediaLimits(
                    defaults.maxFilesPerRequest(),
                    megabytes(env, "DECKHAND_SHARED_MEDIA_MAX_IMAGE_MB", defaults.maxImageBytes()),
                    megabytes(env, "DECKHAND_SHARED_MEDIA_MAX_AUDIO_MB", defaults.maxAudioBytes()),
                    env.integer("DECKHAND_SHARED_MEDIA_MAX_MEGAPIXELS", (int) (defaults.maxPixels() / 1_000_000), 1, 1_000)
                            * 1_000_000L,
                    Duration.ofMinutes(
                            env.integer("DECKHAND_SHARED_MEDIA_UPLOAD_MINUTES", (int) defaults.uploadTtl().toMinutes(), 1, 60)),
                    Duration.ofMinutes(
                            env.integer("DECKHAND_SHARED_MEDIA_DOWNLOAD_MINUTES", (int) defaults.downloadTtl().toMinutes(), 1, 60)),
                    Duration.ofHours(
                            env.integer("DECKHAND_SHARED_MEDIA_GRACE_HOURS", (int) defaults.grace().toHours(), 0, 24 * 365)),
                    defaults.maxPageSize());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_SHARED_MEDIA_*: " + e.getMessage());
        }
        ApiRateLimits rateDefaults = ApiRateLimits.defaults();
        ApiRateLimits rates;
        try {
            rates = new ApiRateLimits(
                    env.integer("DECKHAND_API_RATE_PER_USER", (int) rateDefaults.perUserPerSecond(), 1, 100_000),
                    env.integer("DECKHAND_API_BURST_PER_USER", rateDefaults.perUserBurst(), 1, 1_000_000),
                    env.integer("DECKHAND_API_RATE_PER_ADDRESS", (int) rateDefaults.perAddressPerSecond(), 1, 100_000),
                    env.integer("DECKHAND_API_BURST_PER_ADDRESS", rateDefaults.perAddressBurst(), 1, 1_000_000));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_API_*: " + e.getMessage());
        }
        return Optional.of(new SharedMediaConfig(postgres, objects, limits, rates));
    }

    private static long megabytes(EnvironmentVariables env, String name, long fallbackBytes) {
        return env.integer(name, (int) (fallbackBytes >> 20), 1, 1024) * (1L << 20);
    }
}
