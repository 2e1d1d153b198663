package dev.deckhand.client;

import dev.deckhand.ports.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** SHA-256 as the API writes it: 64 lower-case hex digits. Files are hashed streamed, never read whole. */
final class Sha256Files {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private Sha256Files() {}

    static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Sha256.of(in).hex();
        }
    }

    static boolean isWellFormed(String hex) {
        return hex != null && HEX64.matcher(hex).matches();
    }
}
