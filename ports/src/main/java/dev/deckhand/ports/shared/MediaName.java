package dev.deckhand.ports.shared;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Objects;

/**
 * The file name a deck's notes use for a media file: Unicode NFC, 1 to 255 UTF-8 bytes, no path
 * separators, no control characters, not {@code .} or {@code ..}. Never used as a path or key.
 */
public record MediaName(String value) {

    public static final int MAX_BYTES = 255;

    public MediaName {
        Objects.requireNonNull(value, "value");
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("a media file name has 1 to " + MAX_BYTES + " UTF-8 bytes");
        }
        if (!Normalizer.isNormalized(value, Normalizer.Form.NFC)) {
            throw new IllegalArgumentException("a media file name must be in Unicode NFC");
        }
        if (value.equals(".") || value.equals("..")
                || value.codePoints().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a media file name must not be . or .., nor contain / \\ or control characters");
        }
    }
}
