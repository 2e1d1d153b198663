package dev.deckhand.ports.model.decks;

import java.util.Optional;

/** What a shared media file really is, as its first bytes say; never taken from its name. */
public enum MediaKind {
    PNG("image/png", true),
    JPEG("image/jpeg", true),
    GIF("image/gif", true),
    BMP("image/bmp", true),
    WEBP("image/webp", true),
    MP3("audio/mpeg", false),
    OGG("audio/ogg", false);

    private final String contentType;
    private final boolean image;

    MediaKind(String contentType, boolean image) {
        this.contentType = contentType;
        this.image = image;
    }

    public String contentType() {
        return contentType;
    }

    public boolean isImage() {
        return image;
    }

    /** The kind whose content type this is, if any. */
    public static Optional<MediaKind> ofContentType(String contentType) {
        for (MediaKind kind : values()) {
            if (kind.contentType.equals(contentType)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
