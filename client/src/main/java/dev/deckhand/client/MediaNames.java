package dev.deckhand.client;

import dev.deckhand.ports.model.MediaFileNames;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Where a media file name listed by the API may be written on this machine. */
final class MediaNames {

    private MediaNames() {}

    /** Why the API cannot carry this name (the server would refuse the whole batch), or empty if it can. */
    static Optional<String> problem(String name) {
        return MediaFileNames.problemForSharing(name);
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
