package dev.deckhand.adapter.cognito;

import dev.deckhand.adapter.cognito.FakeCognito.Reply;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.testing.AuthenticatorContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * Sign-in through Cognito's protocol honours the sign-in contract. The fake user pool answers as
 * Cognito does for a pool holding only alice: her tokens for her password, NotAuthorizedException
 * for another, UserNotFoundException for anyone else.
 */
class CognitoSignInContractTest extends AuthenticatorContract {

    private final List<AutoCloseable> closing = new ArrayList<>();

    @Override
    protected Authenticator newAuthenticator() {
        FakeCognito cognito;
        try {
            cognito = new FakeCognito();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        closing.add(cognito);
        cognito.answer(request -> {
            if (!ALICE.equals(request.parameter("USERNAME"))) {
                return Reply.error(400, "UserNotFoundException", "User does not exist.");
            }
            return ALICE_PASSWORD.equals(request.parameter("PASSWORD"))
                    ? Reply.signedIn(ALICE)
                    : Reply.error(400, "NotAuthorizedException", "Incorrect username or password.");
        });
        return authenticator(cognito.endpoint());
    }

    @Override
    protected Optional<Authenticator> unreachable() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Optional.of(authenticator(URI.create("http://127.0.0.1:" + socket.getLocalPort())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CognitoAuthenticator authenticator(URI endpoint) {
        CognitoAuthenticator authenticator = new CognitoAuthenticator(new CognitoSettings("us-east-1", "us-east-1_Ab12Cd34E",
                "abc123client", Optional.empty(), CognitoSettings.Flow.USER_PASSWORD_AUTH, Optional.of(endpoint),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(2)));
        closing.add(authenticator);
        return authenticator;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }
}
