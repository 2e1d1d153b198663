package dev.deckhand.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Optional;

/** The API's rules for media file names, and where a listed name may be written on this machine. */
final class MediaNames {

    static final int MAX_BYTES = 255;

    private MediaNames() {}

    /** Why the API cannot carry this name (the server would refuse the whole batch), or empty if it can. */
    static Optional<String> problem(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_BYTES) {
            return Optional.of("the name has " + bytes + " UTF-8 bytes; the API takes 1 to " + MAX_BYTES);
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            return Optional.of("the name is not in Unicode NFC; rename the file");
        }
        if (name.equals(".") || name.equals("..")
                || name.codePoints().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c))) {
            return Optional.of("the name is . or .., or contains / \\ or a control character");
        }
        return Optional.empty();
    }

    /**
     * The file {@code name} inside {@code folder} (absolute and normalised), or empty when the name
     * would land anywhere else: the server checks names, but a client must not trust a listing.
     */
    static Optional<Path> inside(Path folder, String name) {
        if (problem(name).isPresent()) {
            return Optional.empty();
        }
        try {
            Path file = folder.resolve(name).normalize();
            return folder.equals(file.getParent()) ? Optional.of(file) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
