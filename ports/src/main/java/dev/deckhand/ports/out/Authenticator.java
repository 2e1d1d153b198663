package dev.deckhand.ports.out;

/**
 * A sign-in backend: built-in accounts, a directory (LDAP), or an identity service (Cognito).
 *
 * <p>Implementations compare secrets in constant time and take about as long for an unknown user as
 * for a wrong password.
 */
public interface Authenticator {

    SignInOutcome signIn(String username, String password);
}
