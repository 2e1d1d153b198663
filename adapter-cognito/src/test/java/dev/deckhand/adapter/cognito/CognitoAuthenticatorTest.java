package dev.deckhand.adapter.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.adapter.cognito.FakeCognito.Reply;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SignInOutcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CognitoAuthenticatorTest {

    private static final String POOL = "us-east-1_Ab12Cd34E";
    private static final String CLIENT = "abc123client";
    private static final String SECRET = "client-secret-1";
    /** Base64(HMAC-SHA256(key = SECRET, "alice@example.com" + CLIENT)), computed with Python's hmac. */
    private static final String ALICE_SECRET_HASH = "atMkmwteKraDUuMJELmGulbfj4n/DLszArzVaz4aLtI=";

    private FakeCognito cognito;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        cognito = new FakeCognito();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        cognito.close();
    }

    private CognitoAuthenticator authenticator(CognitoSettings.Flow flow, Optional<String> secret) {
        Optional<String> keyId = flow == CognitoSettings.Flow.ADMIN_USER_PASSWORD_AUTH ? Optional.of("AKIDEXAMPLE") : Optional.empty();
        Optional<String> key = keyId.map(id -> "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        CognitoAuthenticator authenticator = new CognitoAuthenticator(new CognitoSettings("us-east-1", POOL, CLIENT, secret,
                flow, Optional.of(cognito.endpoint()), keyId, key, Duration.ofSeconds(2)));
        closing.add(authenticator);
        return authenticator;
    }

    private CognitoAuthenticator publicClient() {
        return authenticator(CognitoSettings.Flow.USER_PASSWORD_AUTH, Optional.empty());
    }

    @Test
    void signsInWithUserPasswordAuthAndTheSecretHashAndNamesTheCognitoUserNotTheAlias() {
        cognito.answer(request -> Reply.signedIn("7d2f0c1e-alice"));

        SignInOutcome outcome = authenticator(CognitoSettings.Flow.USER_PASSWORD_AUTH, Optional.of(SECRET))
                .signIn("alice@example.com", "correct horse");

        assertThat(outcome).isEqualTo(new SignInOutcome.SignedIn(new UserId("7d2f0c1e-alice")));
        FakeCognito.Received request = cognito.received().get(0);
        assertThat(request.target()).isEqualTo("AWSCognitoIdentityProviderService.InitiateAuth");
        assertThat(request.authorization()).as("InitiateAuth is a public call: nothing to sign").isNull();
        assertThat(request.body().get("AuthFlow").asText()).isEqualTo("USER_PASSWORD_AUTH");
        assertThat(request.body().get("ClientId").asText()).isEqualTo(CLIENT);
        assertThat(request.body().has("UserPoolId")).isFalse();
        assertThat(request.parameter("USERNAME")).isEqualTo("alice@example.com");
        assertThat(request.parameter("PASSWORD")).isEqualTo("correct horse");
        assertThat(request.parameter("SECRET_HASH")).isEqualTo(ALICE_SECRET_HASH);
    }

    @Test
    void aClientWithoutSecretSendsNoSecretHash() {
        cognito.answer(request -> Reply.signedIn("bob"));

        assertThat(publicClient().signIn("bob", "pw")).isInstanceOf(SignInOutcome.SignedIn.class);
        assertThat(cognito.received().get(0).body().path("AuthParameters").has("SECRET_HASH")).isFalse();
    }

    @Test
    void adminFlowCallsAdminInitiateAuthSignedWithTheServersCredentials() {
        cognito.answer(request -> Reply.signedIn("alice"));

        SignInOutcome outcome = authenticator(CognitoSettings.Flow.parse("ADMIN_NO_SRP_AUTH"), Optional.of(SECRET))
                .signIn("alice@example.com", "correct horse");

        assertThat(outcome).isEqualTo(new SignInOutcome.SignedIn(new UserId("alice")));
        FakeCognito.Received request = cognito.received().get(0);
        assertThat(request.target()).isEqualTo("AWSCognitoIdentityProviderService.AdminInitiateAuth");
        assertThat(request.authorization())
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/us-east-1/cognito-idp/aws4_request");
        assertThat(request.body().get("AuthFlow").asText()).isEqualTo("ADMIN_USER_PASSWORD_AUTH");
        assertThat(request.body().get("UserPoolId").asText()).isEqualTo(POOL);
        assertThat(request.parameter("SECRET_HASH")).isEqualTo(ALICE_SECRET_HASH);
    }

    @Test
    void wrongPasswordUnknownUserAndDisabledUserAreRejected() {
        CognitoAuthenticator authenticator = publicClient();
        cognito.answer(request -> Reply.error(400, "NotAuthorizedException", "Incorrect username or password."));
        assertThat(authenticator.signIn("alice", "wrong")).isEqualTo(new SignInOutcome.Rejected());
        cognito.answer(request -> Reply.error(400, "NotAuthorizedException", "User is disabled."));
        assertThat(authenticator.signIn("alice", "correct horse")).isEqualTo(new SignInOutcome.Rejected());
        cognito.answer(request -> Reply.error(400, "UserNotFoundException", "User does not exist."));
        assertThat(authenticator.signIn("mallory", "x")).isEqualTo(new SignInOutcome.Rejected());
        // cognito-local's answer to a wrong password
        cognito.answer(request -> Reply.error(400, "InvalidPasswordException", "Invalid password"));
        assertThat(authenticator.signIn("alice", "wrong")).isEqualTo(new SignInOutcome.Rejected());
    }

    @Test
    void aWrongClientSecretIsTheOperatorsProblemNotARejectedPassword() {
        cognito.answer(request -> Reply.error(400, "NotAuthorizedException", "Unable to verify secret hash for client " + CLIENT));

        SignInOutcome outcome = authenticator(CognitoSettings.Flow.USER_PASSWORD_AUTH, Optional.of("wrong-secret"))
                .signIn("alice", "correct horse");

        assertThat(outcome).isInstanceOfSatisfying(SignInOutcome.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("SECRET_HASH"));
    }

    @Test
    void challengesTheLoginBoxCannotAnswerSayWhatIsNeeded() {
        CognitoAuthenticator authenticator = publicClient();
        cognito.answer(request -> Reply.challenge("NEW_PASSWORD_REQUIRED"));
        assertThat(authenticator.signIn("alice", "temporary")).isInstanceOfSatisfying(SignInOutcome.ActionRequired.class,
                action -> assertThat(action.reason()).contains("new password"));
        cognito.answer(request -> Reply.challenge("SOFTWARE_TOKEN_MFA"));
        assertThat(authenticator.signIn("alice", "correct horse")).isInstanceOfSatisfying(SignInOutcome.ActionRequired.class,
                action -> assertThat(action.reason()).contains("multi-factor"));
        cognito.answer(request -> Reply.error(400, "PasswordResetRequiredException", "Password reset required for the user"));
        assertThat(authenticator.signIn("alice", "old")).isInstanceOfSatisfying(SignInOutcome.ActionRequired.class,
                action -> assertThat(action.reason()).contains("reset"));
        cognito.answer(request -> Reply.error(400, "UserNotConfirmedException", "User is not confirmed."));
        assertThat(authenticator.signIn("alice", "correct horse")).isInstanceOf(SignInOutcome.ActionRequired.class);
    }

    @Test
    void throttlingServerErrorsAndMisconfigurationAreUnavailable() {
        CognitoAuthenticator authenticator = publicClient();
        cognito.answer(request -> Reply.error(400, "TooManyRequestsException", "Rate exceeded"));
        assertThat(authenticator.signIn("alice", "pw")).isInstanceOfSatisfying(SignInOutcome.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("throttling"));
        cognito.answer(request -> Reply.error(500, "InternalErrorException", "Internal error"));
        assertThat(authenticator.signIn("alice", "pw")).isInstanceOf(SignInOutcome.Unavailable.class);
        cognito.answer(request -> Reply.error(400, "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client"));
        assertThat(authenticator.signIn("alice", "pw")).isInstanceOfSatisfying(SignInOutcome.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("InvalidParameterException"));
        cognito.answer(request -> Reply.error(400, "ResourceNotFoundException", "User pool client abc123client does not exist."));
        assertThat(authenticator.signIn("alice", "pw")).isInstanceOf(SignInOutcome.Unavailable.class);
    }

    @Test
    void answersWithoutAUsableUserNameAreUnavailableNotSignedIn() {
        CognitoAuthenticator authenticator = publicClient();
        cognito.answer(request -> Reply.tokensWithout("{\"sub\":\"7d2f\",\"token_use\":\"access\"}"));
        assertThat(authenticator.signIn("alice", "pw")).isInstanceOf(SignInOutcome.Unavailable.class);
        cognito.answer(request -> new Reply(200, "{\"AuthenticationResult\":{\"AccessToken\":\"not-a-jwt\"}}"));
        assertThat(authenticator.signIn("alice", "pw")).isInstanceOf(SignInOutcome.Unavailable.class);
        cognito.answer(request -> new Reply(200, "{}"));
        assertThat(authenticator.signIn("alice", "pw")).isInstanceOf(SignInOutcome.Unavailable.class);
    }

    @Test
    void aHostileCognitoUserNameIsKeptExactlyAndStoredUnderASafeKey() {
        cognito.answer(request -> Reply.signedIn("../x/Al ice"));

        SignInOutcome outcome = publicClient().signIn("alice", "pw");

        assertThat(outcome).isInstanceOfSatisfying(SignInOutcome.SignedIn.class, signedIn -> {
            assertThat(signedIn.user().name()).isEqualTo("../x/Al ice");
            assertThat(signedIn.user().storageKey().value()).matches("[a-z0-9_-]+").doesNotContain("..");
        });
    }

    @Test
    void namesCognitoCannotHoldAndEmptyPasswordsNeverLeaveTheServer() {
        CognitoAuthenticator authenticator = publicClient();
        cognito.answer(request -> Reply.signedIn("anyone"));

        assertThat(authenticator.signIn("alice", "")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(authenticator.signIn("al ice", "pw")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(authenticator.signIn("a".repeat(129), "pw")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(authenticator.signIn("al\u0000ice", "pw")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(authenticator.signIn("", "pw")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(cognito.received()).isEmpty();
    }

    @Test
    void aCognitoThatIsDownAnswersUnavailableQuickly() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CognitoAuthenticator down = new CognitoAuthenticator(new CognitoSettings("us-east-1", POOL, CLIENT, Optional.empty(),
                CognitoSettings.Flow.USER_PASSWORD_AUTH, Optional.of(java.net.URI.create("http://127.0.0.1:" + closedPort)),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(2)));
        closing.add(down);

        long started = System.nanoTime();
        assertThat(down.signIn("alice", "pw")).isInstanceOfSatisfying(SignInOutcome.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("cannot reach Cognito"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aCognitoThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                for (int i = 0; i < 10 && !silent.isClosed(); i++) {
                    try {
                        accepted.add(silent.accept()); // accept, read nothing, answer nothing
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            CognitoAuthenticator hanging = new CognitoAuthenticator(new CognitoSettings("us-east-1", POOL, CLIENT,
                    Optional.empty(), CognitoSettings.Flow.USER_PASSWORD_AUTH,
                    Optional.of(java.net.URI.create("http://127.0.0.1:" + silent.getLocalPort())),
                    Optional.empty(), Optional.empty(), Duration.ofMillis(800)));
            closing.add(hanging);

            long started = System.nanoTime();
            assertThat(hanging.signIn("alice", "pw")).isInstanceOfSatisfying(SignInOutcome.Unavailable.class,
                    unavailable -> assertThat(unavailable.reason()).contains("did not answer"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
