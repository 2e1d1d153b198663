package dev.deckhand.sync.changes;

import dev.deckhand.ports.out.SyncTransaction;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Anki's rules for the tags a client sends in {@code applyChanges}: each is cleaned up the way Anki
 * cleans a tag, registered unless a tag of that name exists in any case, and a new child takes the
 * spelling of its closest registered parent, so {@code verbs::irregular} joins {@code Verbs} instead
 * of starting a second tree.
 */
final class TagRegistry {

    private static final String SEPARATOR = "::";

    private TagRegistry() {}

    /** Registers the tags that are new to the collection, with {@code usn}. */
    static void register(SyncTransaction tx, List<String> tags, int usn) {
        for (String raw : tags) {
            String tag = normalize(raw);
            if (tx.tag(tag).isEmpty()) {
                tx.addTag(withParentSpelling(tx, tag), usn);
            }
        }
    }

    /**
     * NFC; no control characters, spaces or ideographic spaces; surrounding blanks trimmed; an empty
     * component becomes {@code blank}.
     */
    static String normalize(String tag) {
        return Arrays.stream(tag.split(SEPARATOR, -1))
                .map(TagRegistry::normalizeComponent)
                .collect(Collectors.joining(SEPARATOR));
    }

    private static String normalizeComponent(String component) {
        String cleaned = Normalizer.normalize(component, Normalizer.Form.NFC)
                .codePoints()
                .filter(c -> !(c < 0x20 || c == 0x7f || c == ' ' || c == '\u3000'))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        return cleaned.isEmpty() ? "blank" : cleaned;
    }

    private static String withParentSpelling(SyncTransaction tx, String tag) {
        List<String> components = List.of(tag.split(SEPARATOR));
        for (int depth = components.size() - 1; depth >= 1; depth--) {
            Optional<String> parent = tx.tag(String.join(SEPARATOR, components.subList(0, depth)));
            if (parent.isPresent()) {
                return parent.get() + SEPARATOR + String.join(SEPARATOR, components.subList(depth, components.size()));
            }
        }
        return tag;
    }
}
