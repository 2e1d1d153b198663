package dev.deckhand.ports.out;

import java.util.Objects;

/** The result of staging an upload. */
public sealed interface StageOutcome {

    /** The upload is a valid collection, waiting to be installed or discarded. */
    record Staged(StagedCollection collection) implements StageOutcome {
        public Staged {
            Objects.requireNonNull(collection, "collection");
        }
    }

    /** The upload was refused; nothing was kept. */
    record Refused(Reason reason, String detail) implements StageOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why an upload was refused. */
    enum Reason {
        /** At or above the size limit. */
        TOO_LARGE,
        /** Not SQLite, fails the integrity check, not a collection, or an unsupported schema. */
        CORRUPT,
        /** The body could not be read to its end. */
        BODY_UNREADABLE,
        /** The disk filled while the upload was written. */
        NO_SPACE
    }
}
