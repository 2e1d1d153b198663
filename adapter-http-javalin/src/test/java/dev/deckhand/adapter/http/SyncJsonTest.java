package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyncJsonTest {

    private final SyncJson json = new SyncJson();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Found by NormalSyncRoutesFuzzTest: Jackson's NumberFormatException went out as a 500. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"minUsn\":1e99999999901}", "{\"a\":[-1E-9999999999]}", "{\"x\":1e2147483648}"})
    void parseObject_whenAFloatsExponentDoesNotFitABigDecimal_isABadRequest(String body) {
        assertThatThrownBy(() -> json.parseObject(utf8(body)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("invalid json: ");
    }

    @Test
    void parseObject_keepsLargeButRepresentableExponentsExactly() {
        assertThat(json.parseObject(utf8("{\"x\":1e999999999}")).get("x").decimalValue().scale()).isEqualTo(-999_999_999);
    }

    @Test
    void parseObject_whenTheTextIsNotJson_isABadRequest() {
        assertThatThrownBy(() -> json.parseObject(utf8("{\"a\":")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("invalid json: ");
    }
}
