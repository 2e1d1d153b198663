package dev.deckhand.ports.movein;

import java.util.Objects;

/** What became of one user in a move. */
public sealed interface UserOutcome {

    /** Dry run: everything checked; {@code --apply} would move the user in. */
    record Ready() implements UserOutcome {}

    /** Moved in now. */
    record MovedIn() implements UserOutcome {}

    /** Moved in by an earlier run; nothing was changed. */
    record AlreadyMovedIn(long atMillis) implements UserOutcome {}

    /** Cannot be moved in as it is; {@code reason} says why and what to do. */
    record Refused(String reason) implements UserOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Fine in itself, but not moved in because of another user; {@code reason} names it. */
    record Held(String reason) implements UserOutcome {
        public Held {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
