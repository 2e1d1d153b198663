package dev.deckhand.app;

/** Numbers with their nouns, for what commands print ("1 collection", "2 collections"). */
final class Counts {

    private Counts() {}

    static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }

    static String collections(long count) {
        return of(count, "collection", "collections");
    }

    /** Media contents as stored: one per distinct file content, however many names point at it. */
    static String storedMedia(long count) {
        return of(count, "stored media file", "stored media files");
    }
}
