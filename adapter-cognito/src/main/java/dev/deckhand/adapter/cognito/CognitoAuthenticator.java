package dev.deckhand.adapter.cognito;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.BackendProbe;
import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.SignInOutcome.ActionRequired;
import dev.deckhand.ports.out.SignInOutcome.Rejected;
import dev.deckhand.ports.out.SignInOutcome.SignedIn;
import dev.deckhand.ports.out.SignInOutcome.Unavailable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClientBuilder;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * Signs users in against a Cognito user pool with their password ({@code USER_PASSWORD_AUTH} or
 * {@code ADMIN_USER_PASSWORD_AUTH}). The Cognito user name from the returned access token, not
 * what was typed (which may be an e-mail alias), names the user's data. Thread-safe.
 *
 * <p>Each call goes to Cognito; put {@code RememberedSignIns} in front to spare it. Challenges
 * Anki's login box cannot answer (new password, MFA) come back as {@link ActionRequired}.
 */
public final class CognitoAuthenticator implements Authenticator, BackendProbe, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CognitoAuthenticator.class);

    /** Cognito's own limit on user names; longer ones cannot exist in any pool. */
    private static final int MAX_USERNAME_LENGTH = 128;

    private final CognitoSettings settings;
    private final CognitoIdentityProviderClient cognito;
    private final Optional<SecretHash> secretHash;

    /** Builds the SDK client; nothing is sent until the first sign-in. */
    public CognitoAuthenticator(CognitoSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secretHash = settings.clientSecret().map(secret -> new SecretHash(settings.clientId(), secret));
        CognitoIdentityProviderClientBuilder builder = CognitoIdentityProviderClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.timeout())
                        .socketTimeout(settings.timeout()))
                // One retry at most: a person is waiting, and Anki lets them sign in again.
                .overrideConfiguration(o -> o
                        .retryStrategy(retry -> retry.maxAttempts(2))
                        .apiCallAttemptTimeout(settings.timeout())
                        .apiCallTimeout(settings.timeout().multipliedBy(2).plusSeconds(2)));
        settings.endpoint().ifPresent(builder::endpointOverride);
        this.cognito = builder.build();
    }

    private static AwsCredentialsProvider credentials(CognitoSettings settings) {
        if (settings.flow() == CognitoSettings.Flow.USER_PASSWORD_AUTH) {
            return AnonymousCredentialsProvider.create(); // InitiateAuth is an unsigned, public call
        }
        if (settings.accessKeyId().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    settings.accessKeyId().get(), settings.secretAccessKey().orElseThrow()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public SignInOutcome signIn(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (password.isEmpty() || !possibleCognitoName(username)) {
            return new Rejected();
        }
        Map<String, String> parameters = new HashMap<>();
        parameters.put("USERNAME", username);
        parameters.put("PASSWORD", password);
        secretHash.ifPresent(hash -> parameters.put("SECRET_HASH", hash.of(username)));
        try {
            return outcome(authenticate(parameters));
        } catch (NotAuthorizedException e) {
            return notAuthorized(e);
        } catch (UserNotFoundException | InvalidPasswordException e) {
            // Real Cognito answers both cases NotAuthorized; emulators say which.
            return new Rejected();
        } catch (PasswordResetRequiredException e) {
            return new ActionRequired("the account's password must be reset first; reset it, then sign in with the new one");
        } catch (UserNotConfirmedException e) {
            return new ActionRequired("the account is not confirmed yet; confirm it, then sign in again");
        } catch (TooManyRequestsException | LimitExceededException e) {
            return unavailable("Cognito is throttling sign-ins", e);
        } catch (CognitoIdentityProviderException e) {
            return unavailable("Cognito refused the request (" + errorCode(e) + "); check the Cognito settings", e);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            return unavailable("Cognito did not answer within " + settings.timeout().toMillis() + " ms", e);
        } catch (SdkClientException e) {
            return unavailable("cannot reach Cognito", e);
        } catch (SdkException e) {
            return unavailable("Cognito sign-in failed", e);
        }
    }

    /** Both flows answer the same two things: tokens, or a challenge to answer first. */
    private record Answer(AuthenticationResultType tokens, String challenge) {}

    private Answer authenticate(Map<String, String> parameters) {
        if (settings.flow() == CognitoSettings.Flow.USER_PASSWORD_AUTH) {
            var response = cognito.initiateAuth(b -> b
                    .clientId(settings.clientId())
                    .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(parameters));
            return new Answer(response.authenticationResult(), response.challengeNameAsString());
        }
        var response = cognito.adminInitiateAuth(b -> b
                .userPoolId(settings.userPoolId())
                .clientId(settings.clientId())
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(parameters));
        return new Answer(response.authenticationResult(), response.challengeNameAsString());
    }

    private SignInOutcome outcome(Answer answer) {
        if (answer.tokens() == null) {
            return challenge(answer.challenge());
        }
        Optional<String> cognitoName = CognitoTokens.username(answer.tokens());
        if (cognitoName.isEmpty()) {
            LOG.warn("Cognito: the sign-in answer carries no user name in its tokens");
            return new Unavailable("Cognito's answer names no user");
        }
        try {
            return new SignedIn(new UserId(cognitoName.get()));
        } catch (IllegalArgumentException e) {
            LOG.warn("Cognito: user name is not usable by Deckhand: {}", e.getMessage());
            return new Unavailable("the Cognito user name is not usable: " + e.getMessage());
        }
    }

    private static SignInOutcome challenge(String name) {
        String challenge = name == null ? "" : name.toUpperCase(Locale.ROOT);
        return switch (challenge) {
            case "NEW_PASSWORD_REQUIRED" ->
                    new ActionRequired("the account needs a new password; set one where you manage your account, then sign in with it");
            case "SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "SELECT_MFA_TYPE", "MFA_SETUP", "SMS_OTP" ->
                    new ActionRequired("the account uses multi-factor authentication (" + challenge
                            + "), which Anki's login cannot answer; use an app client without MFA for Deckhand");
            case "" -> new Unavailable("Cognito answered with neither tokens nor a challenge");
            default -> new ActionRequired("Cognito asks for a " + challenge + " step, which Deckhand cannot answer");
        };
    }

    /**
     * Cognito answers NotAuthorized for a wrong password, an unknown user and a disabled one alike,
     * but also for an app client whose secret is set up wrong, which is the operator's
     * problem, not the user's.
     */
    private static SignInOutcome notAuthorized(NotAuthorizedException e) {
        String message = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("secret hash") || lower.contains("client secret")) {
            return unavailable("Cognito refused the app client's SECRET_HASH; check the client secret", e);
        }
        return new Rejected();
    }

    private static boolean possibleCognitoName(String username) {
        return !username.isEmpty()
                && username.length() <= MAX_USERNAME_LENGTH
                && username.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    private static String errorCode(CognitoIdentityProviderException e) {
        return e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
    }

    private static Unavailable unavailable(String what, SdkException e) {
        // SDK messages name the operation and request id, never the parameters (so never the password).
        LOG.warn("Cognito: {}: {}", what, e.getMessage());
        return new Unavailable(what);
    }

    @Override
    public String name() {
        return "cognito";
    }

    /**
     * Whether Cognito answers: asks it about an access token that cannot be valid. Any answer below
     * 500 (it says the token is not authorized) proves the service is reachable and serving; no user
     * is named, so no account sees a failed sign-in.
     */
    @Override
    public void check(Duration timeout) {
        try {
            cognito.getUser(b -> b.accessToken("deckhand-readiness-check")
                    .overrideConfiguration(call -> call.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout)));
        } catch (SdkServiceException e) {
            if (e.statusCode() >= 500) {
                throw new BackendUnavailableException("Cognito answered with HTTP " + e.statusCode(), e);
            }
        } catch (SdkException e) {
            throw new BackendUnavailableException("cannot reach Cognito: " + e.getMessage(), e);
        }
    }

    /** Releases the HTTP client. */
    @Override
    public void close() {
        cognito.close();
    }
}
