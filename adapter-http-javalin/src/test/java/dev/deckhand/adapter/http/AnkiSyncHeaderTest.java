package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnkiSyncHeaderTest {

    private final SyncJson json = new SyncJson();

    @Test
    void parse_readsTheOfficialClientsHeader() {
        AnkiSyncHeader header = AnkiSyncHeader.parse("{\"v\":11,\"k\":\"key\",\"c\":\"26.09.3,x,linux\",\"s\":\"abc\"}", json.mapper());

        assertThat(header.version().value()).isEqualTo(11);
        assertThat(header.hostKey()).isEqualTo("key");
        assertThat(header.session().value()).isEqualTo("abc");
    }

    /** Found by AnkiSyncHeaderFuzzTest: Jackson's NumberFormatException went out as a 500. */
    @Test
    void parse_whenAFloatsExponentDoesNotFitABigDecimal_isABadRequest() {
        assertThatThrownBy(() -> AnkiSyncHeader.parse("{\"v\":1e999999999370955627}]}", json.mapper()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("anki-sync header is not JSON");
    }

    /** Found by AnkiSyncHeaderFuzzTest: the version was read as a long, so 2^64 + 10 passed as 10. */
    @ParameterizedTest
    @ValueSource(strings = {"922337203685477580810", "18446744073709551627", "4294967307"})
    void parse_whenTheVersionOnlyWrapsAroundToAKnownOne_isABadRequest(String version) {
        assertThatThrownBy(() -> AnkiSyncHeader.parse("{\"v\":" + version + ",\"k\":\"\",\"c\":\"20\",\"s\":\"\"}", json.mapper()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("sync version");
    }
}
