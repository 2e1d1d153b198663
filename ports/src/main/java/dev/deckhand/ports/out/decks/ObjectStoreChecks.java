package dev.deckhand.ports.out.decks;

import dev.deckhand.ports.model.Sha256;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The argument checks every {@link ObjectStore} makes, so that every implementation refuses the same
 * keys and lifetimes with an {@link IllegalArgumentException}.
 */
public final class ObjectStoreChecks {

    /** The shortest and the longest life of a pre-signed request. */
    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    public static final Duration MAX_TTL = Duration.ofHours(1);

    private static final Pattern KEY = Pattern.compile("[a-z0-9/._-]{1,512}");

    private ObjectStoreChecks() {}

    /** The key, if it is 1 to 512 of {@code [a-z0-9/._-]} without {@code ..} or a leading {@code /}. */
    public static String key(String key) {
        Objects.requireNonNull(key, "key");
        if (!KEY.matcher(key).matches() || key.contains("..") || key.startsWith("/")) {
            throw new IllegalArgumentException("a key is 1 to 512 of [a-z0-9/._-], without '..' or a leading '/': " + key);
        }
        return key;
    }

    /** An upload has a size that is not negative, a checksum and a content type. */
    public static void upload(long size, Sha256 sha256, String contentType) {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(contentType, "contentType");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if (contentType.isBlank()) {
            throw new IllegalArgumentException("contentType must not be empty");
        }
    }

    /** The lifetime of a pre-signed request, if it is from {@link #MIN_TTL} to {@link #MAX_TTL}. */
    public static Duration ttl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("a pre-signed request lives from 1 second to 1 hour, not " + ttl);
        }
        return ttl;
    }
}
