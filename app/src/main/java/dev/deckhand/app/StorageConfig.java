package dev.deckhand.app;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Limits on what users may keep and how full the disk may get, and how long temporary files may
 * live.
 *
 * @param collectionQuotaBytes largest collection a user may keep; empty: only the payload limit
 * @param mediaQuotaBytes media bytes a user may keep; empty: no limit
 * @param diskReserveBytes free space uploads must leave on the data folder's disk
 * @param leftoverAge temporary files older than this are removed by housekeeping; longer than any
 *     request may take
 */
record StorageConfig(OptionalLong collectionQuotaBytes, OptionalLong mediaQuotaBytes, long diskReserveBytes,
        Duration leftoverAge) {

    static final long MEBIBYTE = 1024 * 1024;

    StorageConfig {
        Objects.requireNonNull(collectionQuotaBytes, "collectionQuotaBytes");
        Objects.requireNonNull(mediaQuotaBytes, "mediaQuotaBytes");
        Objects.requireNonNull(leftoverAge, "leftoverAge");
        if (diskReserveBytes < 0 || leftoverAge.isNegative() || leftoverAge.isZero()) {
            throw new IllegalArgumentException("the disk reserve and the leftover age must be positive");
        }
    }

    /** No quotas, 256 MiB kept free, temporaries kept a day. */
    static StorageConfig defaults() {
        return new StorageConfig(OptionalLong.empty(), OptionalLong.empty(), 256 * MEBIBYTE, Duration.ofHours(24));
    }

    static StorageConfig fromEnv(EnvironmentVariables env) {
        StorageConfig defaults = defaults();
        return new StorageConfig(
                megabytes(env, "DECKHAND_COLLECTION_QUOTA_MB"),
                megabytes(env, "DECKHAND_MEDIA_QUOTA_MB"),
                env.integer("DECKHAND_DISK_RESERVE_MB", (int) (defaults.diskReserveBytes() / MEBIBYTE), 0, 1_000_000)
                        * MEBIBYTE,
                Duration.ofHours(env.integer("DECKHAND_TEMP_FILE_MAX_AGE_HOURS", (int) defaults.leftoverAge().toHours(),
                        3, 24 * 365)));
    }

    /** A size in MiB; unset or 0 means no limit. */
    private static OptionalLong megabytes(EnvironmentVariables env, String name) {
        int megabytes = env.integer(name, 0, 0, 100_000_000);
        return megabytes == 0 ? OptionalLong.empty() : OptionalLong.of(megabytes * MEBIBYTE);
    }
}
