package dev.deckhand.ports.model;

/**
 * The sync protocol version a client speaks. Clients since Anki 2.1.57 send 11 (zstd bodies and the
 * {@code anki-sync} header); 8 to 10 are the legacy multipart protocol.
 */
public record SyncVersion(int value) {

    public static final int MIN_KNOWN = 8;
    public static final int CURRENT = 11;

    public SyncVersion {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("sync version is a u8, got " + value);
        }
    }

    /** True for the versions any Anki release has spoken (8 to 11). */
    public boolean isKnown() {
        return value >= MIN_KNOWN && value <= CURRENT;
    }

    /** True for clients that use the direct-POST protocol (2.1.57 and later). */
    public boolean isDirectPost() {
        return value >= CURRENT;
    }
}
