package dev.deckhand.ports.out;

/**
 * A database was last written by a newer Deckhand whose schema this build does not know. Opening it
 * anyway could corrupt it or lose what the newer build keeps there, so it is refused before any
 * change.
 */
public final class NewerSchemaException extends StorageException {

    private static final long serialVersionUID = 1L;

    /**
     * @param database what was opened, e.g. {@code data/deckhand.sqlite}
     * @param found the schema version the database has
     * @param writtenBy the build that wrote it, as recorded in the database
     * @param supported the newest schema version this build knows
     * @param reader this build
     */
    public NewerSchemaException(String database, int found, String writtenBy, int supported, BuildStamp reader) {
        super(database + " has schema version " + found + ", written by " + writtenBy + "; "
                + reader.describe() + " knows schema versions up to " + supported
                + ": run that newer Deckhand, or restore a backup made by this one");
    }
}
