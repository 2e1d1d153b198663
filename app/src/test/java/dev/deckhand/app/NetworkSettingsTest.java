package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.adapter.http.ProxySettings;
import dev.deckhand.adapter.http.RequestLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkSettingsTest {

    private static NetworkConfig network(Map<String, String> env) {
        return ServerConfig.fromEnv(env).network();
    }

    @Test
    void byDefaultPlainHttpNoTrustedProxyAndTenWrongPasswords() {
        NetworkConfig config = network(Map.of());
        assertThat(config.tls()).isEmpty();
        assertThat(config.proxies().trustedProxies()).isEmpty();
        assertThat(config.signInLimits().failuresPerAddress()).isEqualTo(10);
    }

    @Test
    void builtInTlsNeedsBothFiles() {
        NetworkConfig config = network(Map.of("DECKHAND_TLS_CERT", "/etc/letsencrypt/live/x/fullchain.pem",
                "DECKHAND_TLS_KEY", "/etc/letsencrypt/live/x/privkey.pem", "DECKHAND_HTTP2", "off",
                "DECKHAND_TLS_RELOAD_SECONDS", "5"));
        assertThat(config.tls()).hasValueSatisfying(tls -> {
            assertThat(tls.certificateChain()).isEqualTo(Path.of("/etc/letsencrypt/live/x/fullchain.pem"));
            assertThat(tls.http2()).isFalse();
            assertThat(tls.reloadCheck()).isEqualTo(Duration.ofSeconds(5));
        });
        assertThatThrownBy(() -> network(Map.of("DECKHAND_TLS_CERT", "cert.pem")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_TLS_KEY");
    }

    @Test
    void trustedProxiesAndTheHeaderTheyUse() {
        NetworkConfig config = network(Map.of("DECKHAND_TRUSTED_PROXIES", "127.0.0.1, 172.16.0.0/12,::1",
                "DECKHAND_CLIENT_IP_HEADER", "X-Real-IP"));
        assertThat(config.proxies().trustedProxies()).hasSize(3);
        assertThat(config.proxies().clientAddressHeader()).isEqualTo(ProxySettings.X_REAL_IP);
        assertThatThrownBy(() -> network(Map.of("DECKHAND_TRUSTED_PROXIES", "nginx")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_TRUSTED_PROXIES");
        assertThatThrownBy(() -> network(Map.of("DECKHAND_CLIENT_IP_HEADER", "Forwarded")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("X-Forwarded-For or X-Real-IP");
    }

    @Test
    void theOfficialServersIpHeaderNamesAreUnderstood() {
        assertThat(network(Map.of("SYNC_IP_HEADER", "XRealIp")).proxies().clientAddressHeader())
                .isEqualTo(ProxySettings.X_REAL_IP);
        assertThat(network(Map.of("SYNC_IP_HEADER", "RightmostXForwardedFor")).proxies().clientAddressHeader())
                .isEqualTo(ProxySettings.X_FORWARDED_FOR);
        assertThatThrownBy(() -> network(Map.of("SYNC_IP_HEADER", "CfConnectingIp")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SYNC_IP_HEADER");
    }

    @Test
    void signInLimitsAreSettings() {
        NetworkConfig config = network(Map.of("DECKHAND_SIGN_IN_FAILURES_PER_ADDRESS", "3",
                "DECKHAND_SIGN_IN_FAILURES_PER_ACCOUNT", "7", "DECKHAND_SIGN_IN_FAILURE_WINDOW_MINUTES", "60"));
        assertThat(config.signInLimits().failuresPerAddress()).isEqualTo(3);
        assertThat(config.signInLimits().failuresPerAccount()).isEqualTo(7);
        assertThat(config.signInLimits().window()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void idleKeptAliveConnectionsOutlastTheOfficialClientsPoolAndTheTimeoutsAreSettings() {
        RequestLimits defaults = network(Map.of()).requestLimits();
        assertThat(defaults.keepAliveTimeout()).isGreaterThan(Duration.ofSeconds(90)); // reqwest's pool idle timeout
        assertThat(defaults.headerTimeout()).isEqualTo(Duration.ofSeconds(20));
        RequestLimits set = network(Map.of("DECKHAND_KEEP_ALIVE_SECONDS", "300", "DECKHAND_IDLE_TIMEOUT_SECONDS", "45",
                "DECKHAND_HEADER_TIMEOUT_SECONDS", "10")).requestLimits();
        assertThat(set.keepAliveTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(set.idleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(set.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> network(Map.of("DECKHAND_KEEP_ALIVE_SECONDS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_KEEP_ALIVE_SECONDS");
    }
}
