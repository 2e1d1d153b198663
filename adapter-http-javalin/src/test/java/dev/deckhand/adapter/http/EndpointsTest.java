package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointsTest {

    private final Endpoints endpoints = registered("/sync/{method}", "/msync/{method}", "/health",
            "/api/v1/decks/{deck}/media/check");

    private static Endpoints registered(String... routes) {
        Endpoints endpoints = new Endpoints();
        for (String route : routes) {
            endpoints.registered(route);
        }
        return endpoints;
    }

    @Test
    void aSyncMethod_isNamedByItsWireName() {
        assertThat(endpoints.of("/sync/{method}", "applyChanges")).isEqualTo("/sync/applyChanges");
        assertThat(endpoints.of("/msync/{method}", "mediaSanity")).isEqualTo("/msync/mediaSanity");
    }

    @Test
    void anUnknownSyncMethod_foldsIntoOther_soClientsCannotAddLabelValues() {
        assertThat(endpoints.of("/sync/{method}", "alice-deck-1234")).isEqualTo("/sync/other");
        assertThat(endpoints.of("/msync/{method}", "x".repeat(500))).isEqualTo("/msync/other");
        assertThat(endpoints.of("/sync/{method}", null)).isEqualTo("/sync/other");
    }

    @Test
    void aRegisteredTemplate_isItsOwnLabel_withoutTheValuesOfItsParameters() {
        assertThat(endpoints.of("/api/v1/decks/{deck}/media/check", null)).isEqualTo("/api/v1/decks/{deck}/media/check");
        assertThat(endpoints.of("/health", null)).isEqualTo("/health");
    }

    @Test
    void aPathNoRouteMatched_isOther() {
        assertThat(endpoints.of("", null)).isEqualTo("other");
        assertThat(endpoints.of(null, null)).isEqualTo("other");
        assertThat(endpoints.of("/users/alice/secret", null)).isEqualTo("other");
    }
}
