package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {

    private static MetricsConfig metrics(Map<String, String> env) {
        return ServerConfig.fromEnv(env).metrics();
    }

    @Test
    void byDefault_theMainPortServesMetricsToLoopbackOnly() {
        MetricsConfig config = metrics(Map.of());

        assertThat(config.onMainPort()).isTrue();
        assertThat(config.allowed()).anyMatch(range -> range.contains("127.0.0.1"));
        assertThat(config.allowed()).anyMatch(range -> range.contains("::1"));
        assertThat(config.allowed()).noneMatch(range -> range.contains("127.0.0.2") || range.contains("10.0.0.1"));
    }

    @Test
    void aPrivatePort_takesMetricsOffTheMainPort() {
        MetricsConfig config = metrics(Map.of("DECKHAND_METRICS_PORT", "9464", "DECKHAND_METRICS_HOST", "10.0.0.5"));

        assertThat(config.onMainPort()).isFalse();
        assertThat(config.privatePort()).hasValue(9464);
        assertThat(config.privateHost()).isEqualTo("10.0.0.5");
    }

    @Test
    void allowedAddresses_replaceTheDefault() {
        MetricsConfig config = metrics(Map.of("DECKHAND_METRICS_ALLOW", "10.1.0.0/16, 192.0.2.9"));

        assertThat(config.allowed()).anyMatch(range -> range.contains("10.1.7.7"));
        assertThat(config.allowed()).noneMatch(range -> range.contains("127.0.0.1"));
    }

    @Test
    void off_servesNothing() {
        assertThat(metrics(Map.of("DECKHAND_METRICS", "off")).onMainPort()).isFalse();
    }

    @Test
    void badValues_nameTheirVariable() {
        assertThatThrownBy(() -> metrics(Map.of("DECKHAND_METRICS_ALLOW", "everyone")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DECKHAND_METRICS_ALLOW");
        assertThatThrownBy(() -> metrics(Map.of("DECKHAND_METRICS_PORT", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_METRICS_PORT");
        assertThatThrownBy(() -> metrics(Map.of("DECKHAND_METRICS", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_METRICS");
    }
}
