package dev.deckhand.ports.out;

import java.util.Objects;

/**
 * The Deckhand build that writes a database, recorded beside the schema version so that an older
 * build refusing the database can say who wrote it.
 *
 * @param version the release, e.g. {@code 0.2.0}
 * @param commit the abbreviated commit it was built from, or {@code unknown}
 */
public record BuildStamp(String version, String commit) {

    public BuildStamp {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
    }

    /** {@code Deckhand 0.2.0 (commit 1a2b3c4)}. */
    public String describe() {
        return "Deckhand " + version + " (commit " + commit + ")";
    }
}
