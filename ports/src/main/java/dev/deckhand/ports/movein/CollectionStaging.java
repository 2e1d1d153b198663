package dev.deckhand.ports.movein;

import dev.deckhand.ports.out.StagedCollection;
import java.util.Objects;

/** The outcome of staging a collection for a move. */
public sealed interface CollectionStaging {

    /** Checked and waiting; closing {@code staged} without a switch discards it. */
    record Staged(StagedCollection staged, CollectionSummary summary) implements CollectionStaging {
        public Staged {
            Objects.requireNonNull(staged, "staged");
            Objects.requireNonNull(summary, "summary");
        }
    }

    /** The collection cannot be moved in; {@code reason} says why in words an operator can act on. */
    record Refused(String reason) implements CollectionStaging {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
