package dev.deckhand.app;

import dev.deckhand.adapter.cognito.CognitoSettings;
import dev.deckhand.adapter.ldap.LdapSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Who checks passwords: Deckhand's own accounts, an LDAP directory, or a Cognito user pool. Remote
 * backends' successful sign-ins are remembered for {@code remember} (zero: never).
 */
public sealed interface SignInBackend {

    /** The embedded default: accounts in the server database, managed with {@code deckhand user}. */
    record BuiltIn() implements SignInBackend {}

    record Ldap(LdapSettings settings, Duration remember) implements SignInBackend {
        public Ldap {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(remember, "remember");
        }
    }

    record Cognito(CognitoSettings settings, Duration remember) implements SignInBackend {
        public Cognito {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(remember, "remember");
        }
    }
}
