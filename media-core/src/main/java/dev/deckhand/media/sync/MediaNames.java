package dev.deckhand.media.sync;

import dev.deckhand.ports.in.InvalidMediaException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Which media file names the server accepts. Anki's server checks length (255 bytes), NFC and path
 * separators; names come from clients and become keys and download names, so Deckhand also refuses
 * {@code .}, {@code ..}, backslashes, NUL and other control characters.
 */
final class MediaNames {

    static final int MAX_NAME_BYTES = 255;

    private MediaNames() {}

    static void check(String name) {
        if (name.isEmpty()) {
            throw new InvalidMediaException("a media file name is empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new InvalidMediaException("media file name longer than " + MAX_NAME_BYTES + " bytes: " + shown(name));
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            throw new InvalidMediaException("media file name is not in Unicode NFC form: " + shown(name));
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidMediaException("media file name may not be . or ..");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw new InvalidMediaException("media file name contains a path separator or control character: " + shown(name));
            }
        }
    }

    private static String shown(String name) {
        String printable = name.codePoints().limit(80)
                .map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return "\"" + printable + (name.length() > 80 ? "…" : "") + "\"";
    }
}
