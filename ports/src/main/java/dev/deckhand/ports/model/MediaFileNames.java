package dev.deckhand.ports.model;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which media file names Deckhand stores: the one rule for media sync, the shared-deck API and the
 * Java client.
 *
 * <p>{@link #problem} accepts exactly the names Anki itself gives media files (its
 * {@code normalize_filename}: Unicode NFC, none of {@code [ ] < > : " / ? * ^ \ |}, no ASCII control
 * or unassigned characters, no no-break space, no Windows device name such as {@code CON} or
 * {@code aux.mp3}, no trailing space or dot), so every name the official client sends passes, and a
 * name that would break a Windows device that downloads it never gets in. Anki shortens names to
 * 120 bytes; older files can be longer, so up to 255 UTF-8 bytes are taken.
 *
 * <p>{@link #problemForSharing} also refuses bidirectional-control characters, which can make a
 * name read differently from what it is ({@code gpj.exe} shown as {@code exe.jpg}) on the pages
 * where other people see shared decks' files.
 */
public final class MediaFileNames {

    public static final int MAX_BYTES = 255;

    private static final String FORBIDDEN = "[]<>:\"/?*^\\|";
    private static final Pattern WINDOWS_DEVICE = Pattern.compile("(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\\..*)?",
            Pattern.CASE_INSENSITIVE);

    private MediaFileNames() {}

    /** Why a media file of this name cannot be stored, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a media file name is empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of(shown(name) + " has " + bytes + " UTF-8 bytes; at most " + MAX_BYTES + " are allowed");
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            return Optional.of(shown(name) + " is not in Unicode NFC form");
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (FORBIDDEN.indexOf(c) >= 0) {
                return Optional.of(shown(name) + " contains " + (char) c + ", which Anki removes from media file names"
                        + " (none of [ ] < > : \" / ? * ^ \\ | are allowed)");
            }
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(shown(name) + " contains a control character");
            }
            if (Character.getType(c) == Character.SURROGATE) {
                return Optional.of(shown(name) + " is not valid Unicode (a lone surrogate)");
            }
            if (Character.getType(c) == Character.UNASSIGNED) {
                return Optional.of(shown(name) + " contains U+" + hex(c) + ", which is not a Unicode character");
            }
            if (c == 0xa0) {
                return Optional.of(shown(name) + " contains a no-break space, which Anki turns into a space");
            }
            i += Character.charCount(c);
        }
        if (WINDOWS_DEVICE.matcher(name).matches()) {
            String device = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            return Optional.of(shown(name) + " starts with " + device.toUpperCase(Locale.ROOT)
                    + ", a device name Windows cannot store as a file; Anki's media check renames it");
        }
        char last = name.charAt(name.length() - 1);
        if (last == ' ' || last == '.') {
            return Optional.of(shown(name) + " ends with a " + (last == ' ' ? "space" : "dot")
                    + ", which Windows cannot store; Anki's media check renames it");
        }
        return Optional.empty();
    }

    /** Like {@link #problem}, and no bidirectional-control or other control characters. */
    public static Optional<String> problemForSharing(String name) {
        Optional<String> problem = problem(name);
        if (problem.isPresent()) {
            return problem;
        }
        return name.codePoints().filter(c -> isBidiControl(c) || Character.isISOControl(c))
                .mapToObj(c -> shown(name) + " contains U+" + hex(c) + (isBidiControl(c)
                        ? ", a bidirectional-control character that can disguise a name"
                        : ", a control character"))
                .findFirst();
    }

    private static boolean isBidiControl(int c) {
        return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    private static String hex(int c) {
        return String.format(Locale.ROOT, "%04X", c);
    }

    /** The name in quotes, shortened, with control and bidirectional characters made visible. */
    private static String shown(String name) {
        StringBuilder shown = new StringBuilder("\"");
        name.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || isBidiControl(c)) {
                shown.append("\\u").append(hex(c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        if (name.codePointCount(0, name.length()) > 80) {
            shown.append('…');
        }
        return shown.append('"').toString();
    }
}
