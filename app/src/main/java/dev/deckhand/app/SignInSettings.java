package dev.deckhand.app;

import dev.deckhand.adapter.cognito.CognitoSettings;
import dev.deckhand.adapter.ldap.LdapSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@link SignInBackend} from the environment: {@code DECKHAND_AUTH=builtin|ldap|cognito} and
 * the backend's own variables. The original Cognito server's {@code ANKISYNCD_COGNITO_*} names are
 * accepted, and setting its pool id alone selects Cognito, so its {@code .env} works unchanged.
 */
final class SignInSettings {

    /** How long a remote backend's successful sign-in is remembered unless {@code DECKHAND_SIGN_IN_CACHE_SECONDS} says otherwise. */
    static final int DEFAULT_REMEMBER_SECONDS = 300;

    private SignInSettings() {}

    static SignInBackend fromEnv(EnvironmentVariables env) {
        String backend = env.first("DECKHAND_AUTH")
                .orElse(env.first("ANKISYNCD_COGNITO_USER_POOL_ID").isPresent() ? "cognito" : "builtin")
                .toLowerCase(Locale.ROOT);
        Duration remember = Duration.ofSeconds(
                env.integer("DECKHAND_SIGN_IN_CACHE_SECONDS", DEFAULT_REMEMBER_SECONDS, 0, 86_400));
        return switch (backend) {
            case "builtin" -> new SignInBackend.BuiltIn();
            case "ldap" -> new SignInBackend.Ldap(ldap(env), remember);
            case "cognito" -> new SignInBackend.Cognito(cognito(env), remember);
            default -> throw new ConfigException("DECKHAND_AUTH must be builtin, ldap or cognito, got '" + backend + "'");
        };
    }

    private static LdapSettings ldap(EnvironmentVariables env) {
        List<URI> servers;
        try {
            servers = Arrays.stream(required(env, "DECKHAND_LDAP_URL").split("[\\s,]+"))
                    .filter(s -> !s.isEmpty()).map(URI::create).toList();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_LDAP_URL is not a list of ldap:// or ldaps:// URLs: " + e.getMessage());
        }
        Duration timeout = Duration.ofSeconds(
                env.integer("DECKHAND_LDAP_TIMEOUT_SECONDS", (int) LdapSettings.DEFAULT_TIMEOUT.toSeconds(), 1, 300));
        try {
            return new LdapSettings(
                    servers,
                    env.flag("DECKHAND_LDAP_START_TLS", false),
                    env.first("DECKHAND_LDAP_BIND_DN"),
                    env.secret("DECKHAND_LDAP_BIND_PASSWORD"),
                    required(env, "DECKHAND_LDAP_SEARCH_BASE"),
                    env.first("DECKHAND_LDAP_USER_FILTER").orElse(LdapSettings.DEFAULT_USER_FILTER),
                    env.first("DECKHAND_LDAP_REQUIRED_GROUP"),
                    groupCheck(env),
                    env.first("DECKHAND_LDAP_USER_ATTRIBUTE"),
                    timeout,
                    timeout,
                    env.first("DECKHAND_LDAP_TRUST_STORE").map(Path::of),
                    env.secret("DECKHAND_LDAP_TRUST_STORE_PASSWORD"),
                    env.flag("DECKHAND_LDAP_TRUST_ALL_CERTIFICATES", false));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_LDAP_*: " + e.getMessage());
        }
    }

    private static LdapSettings.GroupCheck groupCheck(EnvironmentVariables env) {
        String check = env.text("group-members", "DECKHAND_LDAP_GROUP_CHECK").toLowerCase(Locale.ROOT);
        return switch (check) {
            case "group-members" -> LdapSettings.GroupCheck.GROUP_MEMBERS;
            case "member-of" -> LdapSettings.GroupCheck.USER_MEMBER_OF;
            default -> throw new ConfigException("DECKHAND_LDAP_GROUP_CHECK must be group-members or member-of, got '" + check + "'");
        };
    }

    private static CognitoSettings cognito(EnvironmentVariables env) {
        String region = env.first("DECKHAND_COGNITO_REGION", "ANKISYNCD_COGNITO_REGION", "AWS_REGION")
                .orElseThrow(() -> new ConfigException("DECKHAND_COGNITO_REGION (or AWS_REGION) is required for Cognito"));
        String pool = env.first("DECKHAND_COGNITO_USER_POOL_ID", "ANKISYNCD_COGNITO_USER_POOL_ID")
                .orElseThrow(() -> new ConfigException("DECKHAND_COGNITO_USER_POOL_ID is required for Cognito"));
        String client = env.first("DECKHAND_COGNITO_CLIENT_ID", "ANKISYNCD_COGNITO_CLIENT_ID")
                .orElseThrow(() -> new ConfigException("DECKHAND_COGNITO_CLIENT_ID is required for Cognito"));
        Optional<URI> endpoint;
        try {
            endpoint = env.first("DECKHAND_COGNITO_ENDPOINT").map(URI::create);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_COGNITO_ENDPOINT is not a URL: " + e.getMessage());
        }
        try {
            return new CognitoSettings(
                    region,
                    pool,
                    client,
                    env.secret("DECKHAND_COGNITO_CLIENT_SECRET", "ANKISYNCD_COGNITO_CLIENT_SECRET"),
                    CognitoSettings.Flow.parse(env.text("USER_PASSWORD_AUTH", "DECKHAND_COGNITO_FLOW")),
                    endpoint,
                    env.first("DECKHAND_COGNITO_ACCESS_KEY_ID"),
                    env.secret("DECKHAND_COGNITO_SECRET_ACCESS_KEY"),
                    Duration.ofSeconds(env.integer("DECKHAND_COGNITO_TIMEOUT_SECONDS",
                            (int) CognitoSettings.DEFAULT_TIMEOUT.toSeconds(), 1, 300)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_COGNITO_*: " + e.getMessage());
        }
    }

    private static String required(EnvironmentVariables env, String name) {
        return env.first(name).orElseThrow(() -> new ConfigException(name + " is required when DECKHAND_AUTH=ldap"));
    }
}
