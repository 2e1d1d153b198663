package dev.deckhand.media.shared;

import java.time.Duration;
import java.util.Objects;

/**
 * The service's limits.
 *
 * @param maxFilesPerRequest files one check, confirm or reference call may name
 * @param maxImageBytes largest image accepted
 * @param maxAudioBytes largest audio file accepted
 * @param maxPixels largest image in width times height; a bigger header is refused before any
 *     pixel is decoded (decompression bombs)
 * @param uploadTtl how long an upload offer (its pre-signed URL and ticket) lasts
 * @param downloadTtl how long a pre-signed download URL lasts
 * @param grace how long a file nothing references is kept after a deck last mapped it, and how old
 *     an object nothing knows must be before it is removed
 * @param maxPageSize most download links in one page
 */
public record SharedMediaLimits(int maxFilesPerRequest, long maxImageBytes, long maxAudioBytes, long maxPixels,
        Duration uploadTtl, Duration downloadTtl, Duration grace, int maxPageSize) {

    public SharedMediaLimits {
        Objects.requireNonNull(uploadTtl, "uploadTtl");
        Objects.requireNonNull(downloadTtl, "downloadTtl");
        Objects.requireNonNull(grace, "grace");
        if (maxFilesPerRequest < 1 || maxImageBytes < 1 || maxAudioBytes < 1 || maxPixels < 1 || maxPageSize < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace period must not be negative");
        }
    }

    /**
     * 100 files per request, images up to 10 MiB and 50 megapixels, audio up to 20 MiB, upload
     * offers for 10 minutes, downloads for 15, a day's grace, pages of 1,000 links.
     */
    public static SharedMediaLimits defaults() {
        return new SharedMediaLimits(100, 10L << 20, 20L << 20, 50_000_000L, Duration.ofMinutes(10), Duration.ofMinutes(15),
                Duration.ofHours(24), 1_000);
    }

    long maxAnnouncedBytes() {
        return Math.max(maxImageBytes, maxAudioBytes);
    }
}
