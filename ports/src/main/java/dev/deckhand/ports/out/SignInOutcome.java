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

    /**
     * The backend knows the user but will not sign them in until they do something Deckhand cannot
     * relay through Anki's login box: set a new password, answer an MFA challenge, confirm the
     * account. {@code reason} says what, in words a user can act on.
     */
    record ActionRequired(String reason) implements SignInOutcome {
        public ActionRequired {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The backend could not answer. */
    record Unavailable(String reason) implements SignInOutcome {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
