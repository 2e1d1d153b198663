package dev.deckhand.app;

import dev.deckhand.ports.out.BuildStamp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * Which Deckhand this is: its release and the commit it was built from, stamped into the jar by the
 * build ({@code deckhand-build.properties}). Printed by {@code --version} and at start-up, and
 * recorded in backups and in the databases Deckhand writes.
 *
 * @param version the release, e.g. {@code 0.2.0}
 * @param commit the abbreviated commit, {@code unknown} when built outside a git checkout
 * @param commitDate the commit's date (UTC), or {@code unknown}
 * @param dirty whether the tree had uncommitted changes when it was built
 */
record BuildInfo(String version, String commit, String commitDate, boolean dirty) {

    private static final String RESOURCE = "/deckhand-build.properties";
    private static final String UNKNOWN = "unknown";

    BuildInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(commitDate, "commitDate");
    }

    /** This jar's build, or {@code development} when run from classes Maven did not stamp. */
    static BuildInfo current() {
        Properties stamped = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                stamped.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(
                filled(stamped.getProperty("version"), "development"),
                filled(stamped.getProperty("commit"), UNKNOWN),
                filled(stamped.getProperty("commitDate"), UNKNOWN),
                Boolean.parseBoolean(stamped.getProperty("dirty")));
    }

    /** {@code Deckhand 0.2.0 (commit 1a2b3c4, 2026-12-04)}, with {@code +changes} for a dirty tree. */
    String describe() {
        return "Deckhand " + version + " (commit " + commit + (dirty ? "+changes" : "") + ", " + commitDate + ")";
    }

    /** What the databases this build writes record as their writer. */
    BuildStamp stamp() {
        return new BuildStamp(version, commit + (dirty ? "+changes" : ""));
    }

    /** An unresolved Maven placeholder means the property was not stamped. */
    private static String filled(String value, String fallback) {
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
    }
}
