package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
}
