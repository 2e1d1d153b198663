package dev.deckhand.ports.in;

import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.UserId;
import java.util.Objects;

/** What a login attempt came to. */
public sealed interface LoginOutcome {

    /** The credentials were good; the client stores {@code hostKey}. */
    record LoggedIn(UserId user, HostKey hostKey) implements LoginOutcome {
        public LoggedIn {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(hostKey, "hostKey");
        }
    }

    /** Unknown user or wrong password; deliberately not told apart. */
    record LoginRefused() implements LoginOutcome {}

    /** The sign-in backend wants a step first (new password, MFA); {@code reason} says which. */
    record LoginNeedsAction(String reason) implements LoginOutcome {
        public LoginNeedsAction {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The sign-in backend could not be asked (directory down, throttled). */
    record LoginUnavailable(String reason) implements LoginOutcome {
        public LoginUnavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
