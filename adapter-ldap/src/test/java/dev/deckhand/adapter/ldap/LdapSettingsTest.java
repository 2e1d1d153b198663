package dev.deckhand.adapter.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LdapSettingsTest {

    private static LdapSettingsBuilder settings(String uri) {
        return new LdapSettingsBuilder(List.of(URI.create(uri)));
    }

    @Test
    void of_fillsTheDefaults() {
        LdapSettings settings = LdapSettings.of(List.of(URI.create("ldap://ldap.example.com")), "dc=example,dc=com");

        assertThat(settings.userFilter()).isEqualTo("(uid={username})");
        assertThat(settings.connectTimeout()).isEqualTo(LdapSettings.DEFAULT_TIMEOUT);
        assertThat(settings.responseTimeout()).hasSeconds(5);
        assertThat(settings.bindDn()).isEmpty();
        assertThat(settings.userNameAttribute()).isEmpty();
        assertThat(LdapSettings.port(settings.servers().get(0))).isEqualTo(389);
        assertThat(LdapSettings.port(URI.create("ldaps://ldap.example.com"))).isEqualTo(636);
    }

    @Test
    void toString_hidesPasswords() {
        LdapSettingsBuilder builder = settings("ldaps://ldap.example.com").service("cn=svc,dc=example,dc=com", "svc-secret");
        builder.trust(Path.of("/etc/deckhand/trust.p12"), "store-secret");

        assertThat(builder.build().toString())
                .contains("cn=svc,dc=example,dc=com", "[redacted]")
                .doesNotContain("svc-secret", "store-secret");
    }

    @Test
    void rejectsUnusableValues() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings("http://ldap.example.com").build());
        assertThatIllegalArgumentException().isThrownBy(() -> settings("ldap:///").build());
        assertThatIllegalArgumentException().isThrownBy(() -> settings("ldap://ldap.example.com/dc=example?uid").build());
        assertThatIllegalArgumentException().isThrownBy(() -> settings("ldaps://ldap.example.com").startTls().build());
        assertThatIllegalArgumentException().isThrownBy(() -> new LdapSettingsBuilder(List.of()).build());
        assertThatIllegalArgumentException().isThrownBy(() -> settings("ldap://h").filter("(uid=alice)").build());
        assertThatIllegalArgumentException().isThrownBy(() -> settings("ldap://h").filter("(uid={username}").build());
        assertThatIllegalArgumentException().isThrownBy(() -> settings("ldap://h").service("cn=svc", "").build());
        assertThatIllegalArgumentException().isThrownBy(() -> settings("ldap://h").service("not a dn", "pw").build());
        assertThatIllegalArgumentException().isThrownBy(() -> {
            LdapSettingsBuilder builder = settings("ldap://h");
            builder.bindDn = java.util.Optional.of("cn=svc");
            builder.build();
        });
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings("ldaps://h").trust(Path.of("t.p12"), "pw").trustAll().build());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings("ldap://h").timeouts(java.time.Duration.ZERO).build());
    }

    @Test
    void unreadableTrustStore_failsAtConstruction() {
        LdapSettings settings = settings("ldaps://h").trust(Path.of("/nonexistent/trust.p12"), "pw").build();

        assertThatIllegalArgumentException().isThrownBy(() -> new LdapAuthenticator(settings))
                .withMessageContaining("/nonexistent/trust.p12");
    }
}
