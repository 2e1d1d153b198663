package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.testing.ParserContract;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code anki-sync} header, any text Jetty may hand over: parsed, or refused with a 400.
 * A header that parses must say what the client sent: the version is the number in {@code "v"},
 * not a number that merely wraps around to a known one.
 */
class AnkiSyncHeaderFuzzTest {

    private static final ParserContract CONTRACT = ParserContract.refusingOnlyWith(BadRequestException.class)
            .within(Duration.ofSeconds(5), 4L << 20);
    private final SyncJson json = new SyncJson();

    @FuzzTest
    @DictionaryFile(resourcePath = "sync-json.dict")
    void header(byte[] input) throws Exception {
        String raw = new String(input, StandardCharsets.UTF_8);
        Optional<AnkiSyncHeader> parsed = CONTRACT.check(() -> AnkiSyncHeader.parse(raw, json.mapper()));
        if (parsed.isEmpty()) {
            return;
        }
        AnkiSyncHeader header = parsed.get();
        JsonNode sent = new ObjectMapper().readTree(raw);
        assertThat(sent.get("v").bigIntegerValue()).as("v").isEqualTo(BigInteger.valueOf(header.version().value()));
        assertThat(header.version().isKnown()).isTrue();
        assertThat(header.session().value()).isEqualTo(sent.get("s").textValue()).hasSizeLessThanOrEqualTo(SessionKey.MAX_LENGTH);
        assertThat(header.hostKey()).isEqualTo(sent.get("k").textValue());
        header.presentedKey().ifPresent(key -> assertThat(key.value()).isEqualTo(header.hostKey()));
    }
}
