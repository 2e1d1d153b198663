package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.adapter.cognito.CognitoSettings;
import dev.deckhand.adapter.ldap.LdapSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignInSettingsTest {

    private static SignInBackend read(Map<String, String> env) {
        return SignInSettings.fromEnv(new EnvironmentVariables(env));
    }

    @Test
    void builtInAccountsAreTheDefault() {
        assertThat(read(Map.of())).isEqualTo(new SignInBackend.BuiltIn());
        assertThat(ServerConfig.fromEnv(Map.of()).signIn()).isEqualTo(new SignInBackend.BuiltIn());
    }

    @Test
    void theOriginalServersCognitoEnvWorksUnchanged() {
        SignInBackend backend = read(Map.of(
                "ANKISYNCD_COGNITO_USER_POOL_ID", "eu-west-1_Ab12",
                "ANKISYNCD_COGNITO_CLIENT_ID", "client123",
                "ANKISYNCD_COGNITO_CLIENT_SECRET", " secret with spaces ",
                "ANKISYNCD_COGNITO_REGION", "eu-west-1"));

        assertThat(backend).isInstanceOfSatisfying(SignInBackend.Cognito.class, cognito -> {
            CognitoSettings settings = cognito.settings();
            assertThat(settings.region()).isEqualTo("eu-west-1");
            assertThat(settings.userPoolId()).isEqualTo("eu-west-1_Ab12");
            assertThat(settings.clientId()).isEqualTo("client123");
            assertThat(settings.clientSecret()).contains(" secret with spaces ");
            assertThat(settings.flow()).isEqualTo(CognitoSettings.Flow.USER_PASSWORD_AUTH);
            assertThat(cognito.remember()).isEqualTo(Duration.ofMinutes(5));
        });
    }

    @Test
    void deckhandsCognitoNamesWinAndSelectTheAdminFlow() {
        SignInBackend backend = read(Map.of(
                "DECKHAND_AUTH", "cognito",
                "AWS_REGION", "us-east-1",
                "ANKISYNCD_COGNITO_USER_POOL_ID", "us-east-1_old",
                "DECKHAND_COGNITO_USER_POOL_ID", "us-east-1_new",
                "DECKHAND_COGNITO_CLIENT_ID", "c1",
                "DECKHAND_COGNITO_FLOW", "ADMIN_NO_SRP_AUTH",
                "DECKHAND_COGNITO_ENDPOINT", "http://127.0.0.1:9229",
                "DECKHAND_SIGN_IN_CACHE_SECONDS", "0"));

        assertThat(backend).isInstanceOfSatisfying(SignInBackend.Cognito.class, cognito -> {
            assertThat(cognito.settings().userPoolId()).isEqualTo("us-east-1_new");
            assertThat(cognito.settings().flow()).isEqualTo(CognitoSettings.Flow.ADMIN_USER_PASSWORD_AUTH);
            assertThat(cognito.settings().endpoint()).contains(URI.create("http://127.0.0.1:9229"));
            assertThat(cognito.remember()).isZero();
        });
    }

    @Test
    void readsEveryLdapSetting() {
        SignInBackend backend = read(Map.ofEntries(
                Map.entry("DECKHAND_AUTH", "LDAP"),
                Map.entry("DECKHAND_LDAP_URL", "ldap://dc1.example.org, ldap://dc2.example.org:3389"),
                Map.entry("DECKHAND_LDAP_START_TLS", "true"),
                Map.entry("DECKHAND_LDAP_BIND_DN", "cn=deckhand,ou=services,dc=example,dc=org"),
                Map.entry("DECKHAND_LDAP_BIND_PASSWORD", "s3rvice"),
                Map.entry("DECKHAND_LDAP_SEARCH_BASE", "ou=people,dc=example,dc=org"),
                Map.entry("DECKHAND_LDAP_USER_FILTER", "(sAMAccountName={username})"),
                Map.entry("DECKHAND_LDAP_REQUIRED_GROUP", "cn=anki,ou=groups,dc=example,dc=org"),
                Map.entry("DECKHAND_LDAP_GROUP_CHECK", "member-of"),
                Map.entry("DECKHAND_LDAP_USER_ATTRIBUTE", "entryUUID"),
                Map.entry("DECKHAND_LDAP_TIMEOUT_SECONDS", "3")));

        assertThat(backend).isInstanceOfSatisfying(SignInBackend.Ldap.class, ldap -> {
            LdapSettings settings = ldap.settings();
            assertThat(settings.servers()).containsExactly(URI.create("ldap://dc1.example.org"), URI.create("ldap://dc2.example.org:3389"));
            assertThat(settings.startTls()).isTrue();
            assertThat(settings.bindDn()).contains("cn=deckhand,ou=services,dc=example,dc=org");
            assertThat(settings.bindPassword()).contains("s3rvice");
            assertThat(settings.userFilter()).isEqualTo("(sAMAccountName={username})");
            assertThat(settings.requiredGroup()).contains("cn=anki,ou=groups,dc=example,dc=org");
            assertThat(settings.groupCheck()).isEqualTo(LdapSettings.GroupCheck.USER_MEMBER_OF);
            assertThat(settings.userNameAttribute()).contains("entryUUID");
            assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(settings.trustStore()).isEqualTo(Optional.empty());
        });
    }

    @Test
    void ldapDefaultsNeedOnlyAServerAndABase() {
        SignInBackend backend = read(Map.of("DECKHAND_AUTH", "ldap", "DECKHAND_LDAP_URL", "ldaps://ldap.example.org",
                "DECKHAND_LDAP_SEARCH_BASE", "dc=example,dc=org"));

        assertThat(backend).isEqualTo(new SignInBackend.Ldap(
                LdapSettings.of(List.of(URI.create("ldaps://ldap.example.org")), "dc=example,dc=org"), Duration.ofMinutes(5)));
    }

    @Test
    void badSettingsNameTheVariable() {
        assertThatThrownBy(() -> read(Map.of("DECKHAND_AUTH", "kerberos"))).hasMessageContaining("DECKHAND_AUTH");
        assertThatThrownBy(() -> read(Map.of("DECKHAND_AUTH", "ldap", "DECKHAND_LDAP_SEARCH_BASE", "dc=x")))
                .hasMessageContaining("DECKHAND_LDAP_URL");
        assertThatThrownBy(() -> read(Map.of("DECKHAND_AUTH", "ldap", "DECKHAND_LDAP_URL", "http://x",
                "DECKHAND_LDAP_SEARCH_BASE", "dc=x"))).hasMessageContaining("DECKHAND_LDAP_").hasMessageContaining("ldap://");
        assertThatThrownBy(() -> read(Map.of("DECKHAND_AUTH", "ldap", "DECKHAND_LDAP_URL", "ldap://x",
                "DECKHAND_LDAP_SEARCH_BASE", "dc=x", "DECKHAND_LDAP_START_TLS", "maybe")))
                .hasMessageContaining("DECKHAND_LDAP_START_TLS");
        assertThatThrownBy(() -> read(Map.of("DECKHAND_AUTH", "cognito", "DECKHAND_COGNITO_USER_POOL_ID", "eu-west-1_A",
                "DECKHAND_COGNITO_CLIENT_ID", "c"))).hasMessageContaining("DECKHAND_COGNITO_REGION");
        assertThatThrownBy(() -> read(Map.of("DECKHAND_AUTH", "cognito", "AWS_REGION", "eu-west-1",
                "DECKHAND_COGNITO_USER_POOL_ID", "eu-west-1_A", "DECKHAND_COGNITO_CLIENT_ID", "c",
                "DECKHAND_COGNITO_FLOW", "USER_SRP_AUTH"))).hasMessageContaining("DECKHAND_COGNITO_");
        assertThatThrownBy(() -> read(Map.of("DECKHAND_SIGN_IN_CACHE_SECONDS", "-1")))
                .hasMessageContaining("DECKHAND_SIGN_IN_CACHE_SECONDS");
    }

    @Test
    void settingsNeverPrintSecrets() {
        SignInBackend backend = read(Map.of("DECKHAND_AUTH", "ldap", "DECKHAND_LDAP_URL", "ldap://x",
                "DECKHAND_LDAP_SEARCH_BASE", "dc=x", "DECKHAND_LDAP_BIND_DN", "cn=svc,dc=x",
                "DECKHAND_LDAP_BIND_PASSWORD", "hunter2-service"));
        assertThat(backend.toString()).doesNotContain("hunter2-service");
    }
}
