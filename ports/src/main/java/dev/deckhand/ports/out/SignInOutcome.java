package dev.deckhand.ports.out;

import dev.deckhand.ports.model.UserId;
import java.util.Objects;

/** What a sign-in backend said. */
public sealed interface SignInOutcome {

    /** The backend vouches for this identity, which names the user's data. */
    record SignedIn(UserId user) implements SignInOutcome {
        public SignedIn {
            Objects.requireNonNull(user, "user");
        }
    }

    /** Unknown user or wrong password. */
    record Rejected() implements SignInOutcome {}

    /** The backend could not answer. */
    record Unavailable(String reason) implements SignInOutcome {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
