package dev.deckhand.ports.movein;

/** Which server's layout a folder has; the name is what {@code deckhand import} takes. */
public enum SourceKind {
    /** The official server ({@code python -m anki.syncserver}, {@code anki-sync-server}). */
    OFFICIAL("official"),
    /** ankisyncd, the community server in Python. */
    ANKISYNCD("ankisyncd");

    private final String commandName;

    SourceKind(String commandName) {
        this.commandName = commandName;
    }

    /** The word for this kind on the command line. */
    public String commandName() {
        return commandName;
    }
}
