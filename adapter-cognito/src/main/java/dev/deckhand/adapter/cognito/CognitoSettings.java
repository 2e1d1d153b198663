package dev.deckhand.adapter.cognito;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Cognito user pool and app client {@link CognitoAuthenticator} signs users in against.
 * {@link #toString()} never shows a secret.
 *
 * @param region the pool's AWS region, e.g. {@code eu-west-1}
 * @param userPoolId the pool, e.g. {@code eu-west-1_AbCdEf123}
 * @param clientId the app client the sign-in goes through
 * @param clientSecret the app client's secret if it has one; it signs every request as {@code SECRET_HASH}
 * @param flow which password flow the app client allows
 * @param endpoint a Cognito-compatible endpoint (an emulator); empty for AWS itself
 * @param accessKeyId static AWS credentials for the admin flow; empty to use the SDK's default chain
 *     (environment, profile, instance role)
 * @param secretAccessKey goes with {@code accessKeyId}; never shown by {@link #toString()}
 * @param timeout how long one call to Cognito may take before the sign-in is answered "unavailable"
 */
public record CognitoSettings(
        String region,
        String userPoolId,
        String clientId,
        Optional<String> clientSecret,
        Flow flow,
        Optional<URI> endpoint,
        Optional<String> accessKeyId,
        Optional<String> secretAccessKey,
        Duration timeout) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]+");

    /** Default {@link #timeout}: Anki waits for a login answer far longer than this. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The password flows Deckhand can drive: both send the password to Cognito over TLS. */
    public enum Flow {
        /** {@code InitiateAuth}: a public call, needs no AWS credentials on the server. */
        USER_PASSWORD_AUTH,
        /**
         * {@code AdminInitiateAuth}: needs AWS credentials allowed {@code cognito-idp:AdminInitiateAuth}
         * on the pool. Cognito's older name for it is {@code ADMIN_NO_SRP_AUTH}.
         */
        ADMIN_USER_PASSWORD_AUTH;

        /** Reads a flow name, accepting the older {@code ADMIN_NO_SRP_AUTH}. */
        public static Flow parse(String name) {
            String normalised = name.trim().toUpperCase(Locale.ROOT);
            if (normalised.equals("ADMIN_NO_SRP_AUTH")) {
                return ADMIN_USER_PASSWORD_AUTH;
            }
            try {
                return valueOf(normalised);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "flow must be USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH (ADMIN_NO_SRP_AUTH), got '" + name + "'");
            }
        }
    }

    public CognitoSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(userPoolId, "userPoolId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(timeout, "timeout");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region is not an AWS region name: '" + region + "'");
        }
        if (!POOL_ID.matcher(userPoolId).matches()) {
            throw new IllegalArgumentException("user pool id must look like <region>_<id>: '" + userPoolId + "'");
        }
        if (!CLIENT_ID.matcher(clientId).matches() || clientId.length() > 128) {
            throw new IllegalArgumentException("client id must be 1 to 128 letters or digits: '" + clientId + "'");
        }
        if (clientSecret.isPresent() && clientSecret.get().isEmpty()) {
            throw new IllegalArgumentException("client secret must not be empty; leave it unset if the client has none");
        }
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException("give both the AWS access key id and the secret access key, or neither");
        }
        endpoint.ifPresent(CognitoSettings::checkEndpoint);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("timeout must be between 1 ms and 5 minutes: " + timeout);
        }
    }

    /** Settings for a pool reached through AWS itself, with the public flow and default timeout. */
    public static CognitoSettings of(String region, String userPoolId, String clientId, Optional<String> clientSecret) {
        return new CognitoSettings(region, userPoolId, clientId, clientSecret, Flow.USER_PASSWORD_AUTH,
                Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT);
    }

    private static void checkEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("Cognito endpoint must be an http(s) URL with a host: " + endpoint);
        }
    }

    /** Shows everything but the secrets. */
    @Override
    public String toString() {
        return "CognitoSettings[region=" + region + ", userPoolId=" + userPoolId + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret.isPresent() ? "[redacted]" : "none") + ", flow=" + flow
                + ", endpoint=" + endpoint + ", accessKeyId=" + accessKeyId
                + ", secretAccessKey=" + (secretAccessKey.isPresent() ? "[redacted]" : "none")
                + ", timeout=" + timeout + "]";
    }
}
