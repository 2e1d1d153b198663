package dev.deckhand.ports.out;

/**
 * @param fieldCount how many fields notes of this type have
 * @param sortFieldIndex which field the browser sorts by (the note's {@code sfld})
 */
public record NotetypeShape(int fieldCount, int sortFieldIndex) {

    public NotetypeShape {
        if (fieldCount < 1) {
            throw new IllegalArgumentException("a notetype has at least one field");
        }
        if (sortFieldIndex < 0) {
            throw new IllegalArgumentException("sort field index must not be negative");
        }
    }
}
