package dev.deckhand.adapter.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.adapter.cognito.FakeCognito.Reply;
import dev.deckhand.ports.out.BackendUnavailableException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cognito's readiness probe against the Cognito HTTP emulator and against a port that never answers. */
class CognitoProbeTest {

    private static CognitoAuthenticator authenticator(URI endpoint) {
        return new CognitoAuthenticator(new CognitoSettings("us-east-1", "us-east-1_pool", "client", Optional.empty(),
                CognitoSettings.Flow.USER_PASSWORD_AUTH, Optional.of(endpoint), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2)));
    }

    @Test
    void anAnswerBelow500_passes_withoutNamingAnyUser() throws Exception {
        try (FakeCognito cognito = new FakeCognito(); CognitoAuthenticator probe = authenticator(cognito.endpoint())) {
            cognito.answer(request -> Reply.error(400, "NotAuthorizedException", "Invalid Access Token"));

            assertThatCode(() -> probe.check(Duration.ofSeconds(1))).doesNotThrowAnyException();

            assertThat(probe.name()).isEqualTo("cognito");
            assertThat(cognito.received()).singleElement().satisfies(request -> {
                assertThat(request.target()).isEqualTo("AWSCognitoIdentityProviderService.GetUser");
                assertThat(request.body().has("USERNAME")).isFalse();
            });
        }
    }

    @Test
    void aServerError_orNoServer_fails() throws Exception {
        URI gone;
        try (FakeCognito cognito = new FakeCognito(); CognitoAuthenticator probe = authenticator(cognito.endpoint())) {
            cognito.answer(request -> Reply.error(500, "InternalErrorException", "down"));
            assertThatThrownBy(() -> probe.check(Duration.ofSeconds(1)))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessage("Cognito answered with HTTP 500");
            gone = cognito.endpoint();
        }
        try (CognitoAuthenticator probe = authenticator(gone)) {
            assertThatThrownBy(() -> probe.check(Duration.ofSeconds(1)))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageStartingWith("cannot reach Cognito");
        }
    }

    @Test
    void aSilentEndpoint_failsWithinTheTimeout() throws Exception {
        // Accepts connections (the kernel's backlog) and never reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                CognitoAuthenticator probe = authenticator(URI.create("http://127.0.0.1:" + silent.getLocalPort()))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> probe.check(Duration.ofMillis(500)))
                    .isInstanceOf(BackendUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        }
    }
}
