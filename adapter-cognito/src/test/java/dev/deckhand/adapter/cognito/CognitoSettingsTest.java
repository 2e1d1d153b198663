package dev.deckhand.adapter.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CognitoSettingsTest {

    private static CognitoSettings with(String region, String pool, String client, Optional<URI> endpoint) {
        return new CognitoSettings(region, pool, client, Optional.empty(), CognitoSettings.Flow.USER_PASSWORD_AUTH,
                endpoint, Optional.empty(), Optional.empty(), CognitoSettings.DEFAULT_TIMEOUT);
    }

    @Test
    void acceptsRealAndEmulatorShapedIds() {
        assertThat(with("eu-west-1", "eu-west-1_AbC123", "1h57kf5cpq17m0eml12EXAMPLE", Optional.empty()).region())
                .isEqualTo("eu-west-1");
        assertThat(with("us-gov-west-1", "local_5ltvXyz1", "clientid1", Optional.of(URI.create("http://127.0.0.1:9229")))
                .userPoolId()).isEqualTo("local_5ltvXyz1");
    }

    @Test
    void refusesMalformedSettingsWithAReadableMessage() {
        assertThatThrownBy(() -> with("moon", "eu-west-1_A", "c", Optional.empty())).hasMessageContaining("region");
        assertThatThrownBy(() -> with("eu-west-1", "../pool", "c", Optional.empty())).hasMessageContaining("pool");
        assertThatThrownBy(() -> with("eu-west-1", "eu-west-1_A", "c/../d", Optional.empty())).hasMessageContaining("client id");
        assertThatThrownBy(() -> with("eu-west-1", "eu-west-1_A", "c", Optional.of(URI.create("file:///etc/passwd"))))
                .hasMessageContaining("endpoint");
        assertThatThrownBy(() -> new CognitoSettings("eu-west-1", "eu-west-1_A", "c", Optional.of(""),
                CognitoSettings.Flow.USER_PASSWORD_AUTH, Optional.empty(), Optional.empty(), Optional.empty(),
                CognitoSettings.DEFAULT_TIMEOUT)).hasMessageContaining("secret");
        assertThatThrownBy(() -> new CognitoSettings("eu-west-1", "eu-west-1_A", "c", Optional.empty(),
                CognitoSettings.Flow.USER_PASSWORD_AUTH, Optional.empty(), Optional.of("AKID"), Optional.empty(),
                CognitoSettings.DEFAULT_TIMEOUT)).hasMessageContaining("access key");
        assertThatThrownBy(() -> new CognitoSettings("eu-west-1", "eu-west-1_A", "c", Optional.empty(),
                CognitoSettings.Flow.USER_PASSWORD_AUTH, Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ZERO)).hasMessageContaining("timeout");
    }

    @Test
    void flowNamesIncludeTheOlderAdminNoSrpAuth() {
        assertThat(CognitoSettings.Flow.parse("user_password_auth")).isEqualTo(CognitoSettings.Flow.USER_PASSWORD_AUTH);
        assertThat(CognitoSettings.Flow.parse("ADMIN_NO_SRP_AUTH")).isEqualTo(CognitoSettings.Flow.ADMIN_USER_PASSWORD_AUTH);
        assertThatThrownBy(() -> CognitoSettings.Flow.parse("USER_SRP_AUTH")).hasMessageContaining("USER_PASSWORD_AUTH");
    }

    @Test
    void toStringNeverShowsSecrets() {
        CognitoSettings settings = new CognitoSettings("eu-west-1", "eu-west-1_A", "c", Optional.of("client-secret-value"),
                CognitoSettings.Flow.ADMIN_USER_PASSWORD_AUTH, Optional.empty(), Optional.of("AKID"),
                Optional.of("aws-secret-value"), CognitoSettings.DEFAULT_TIMEOUT);
        assertThat(settings.toString()).doesNotContain("client-secret-value").doesNotContain("aws-secret-value")
                .contains("AKID");
    }
}
