package dev.deckhand.adapter.sqlite.collection.internal.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deckhand's codecs against the official client's own conversion. The fixture
 * ({@code anki-oracle/objects.json}, made by {@code src/test/fixtures/make_anki_oracle.py} with the
 * pinned {@code anki} package) holds, for every stock notetype, a custom notetype, normal and
 * filtered decks and a deck config with FSRS settings, both the legacy JSON Anki syncs and the
 * schema-18 rows it stores. Unknown keys were added at every level Anki keeps them.
 */
class AnkiOracleTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final JsonNode FIXTURE = load();

    private static JsonNode load() {
        try (InputStream in = AnkiOracleTest.class.getResourceAsStream("/anki-oracle/objects.json")) {
            return PLAIN.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<JsonNode> notetypes() {
        return stream("notetypes");
    }

    static Stream<JsonNode> decks() {
        return stream("decks");
    }

    static Stream<JsonNode> deckConfigs() {
        return stream("deckConfigs");
    }

    private static Stream<JsonNode> stream(String kind) {
        List<JsonNode> items = new ArrayList<>();
        FIXTURE.get(kind).forEach(items::add);
        return items.stream();
    }

    private static byte[] blob(JsonNode node, String field) {
        return Base64.getDecoder().decode(node.get(field).asText());
    }

    /** Both sides parsed by the same plain mapper, so number types and float digits compare alike. */
    private static JsonNode plain(String json) throws IOException {
        return PLAIN.readTree(json);
    }

    private static NotetypeRows ankisRows(JsonNode item) {
        JsonNode row = item.get("row");
        List<NotetypeRows.FieldRow> fields = new ArrayList<>();
        item.get("fields").forEach(f -> fields.add(new NotetypeRows.FieldRow(f.get("ord").asInt(), f.get("name").asText(), blob(f, "config"))));
        List<NotetypeRows.TemplateRow> templates = new ArrayList<>();
        item.get("templates").forEach(t -> templates.add(new NotetypeRows.TemplateRow(
                t.get("ord").asInt(), t.get("name").asText(), t.get("mtimeSecs").asLong(), t.get("usn").asInt(), blob(t, "config"))));
        return new NotetypeRows(row.get("id").asLong(), row.get("name").asText(), row.get("mtimeSecs").asLong(), row.get("usn").asInt(),
                blob(row, "config"), fields, templates);
    }

    private static DeckRow ankisDeck(JsonNode item) {
        JsonNode row = item.get("row");
        return new DeckRow(row.get("id").asLong(), row.get("name").asText(), row.get("mtimeSecs").asLong(), row.get("usn").asInt(),
                blob(row, "common"), blob(row, "kind"));
    }

    private static DeckConfigRow ankisDeckConfig(JsonNode item) {
        JsonNode row = item.get("row");
        return new DeckConfigRow(row.get("id").asLong(), row.get("name").asText(), row.get("mtimeSecs").asLong(), row.get("usn").asInt(),
                blob(row, "config"));
    }

    /** Compares protobuf blobs field by field; the JSON in field 255 ("other") is compared as JSON. */
    private static void assertSameMessage(byte[] ours, byte[] anki, String what) throws IOException {
        UnknownFieldSet mine = UnknownFieldSet.parseFrom(ours);
        UnknownFieldSet theirs = UnknownFieldSet.parseFrom(anki);
        assertThat(other(mine)).as(what + " other").isEqualTo(other(theirs));
        assertThat(withoutOther(mine)).as(what).isEqualTo(withoutOther(theirs));
    }

    private static JsonNode other(UnknownFieldSet fields) throws IOException {
        List<ByteString> values = fields.hasField(255) ? fields.getField(255).getLengthDelimitedList() : List.of();
        return values.isEmpty() ? PLAIN.createObjectNode() : PLAIN.readTree(values.get(values.size() - 1).toByteArray());
    }

    private static UnknownFieldSet withoutOther(UnknownFieldSet fields) {
        return fields.toBuilder().clearField(255).build();
    }

    @ParameterizedTest(name = "{index}: notetype")
    @MethodSource("notetypes")
    void notetypeRows_readAsTheJsonAnkiSyncs(JsonNode item) throws IOException {
        assertThat(plain(NotetypeCodec.toJson(ankisRows(item)))).isEqualTo(item.get("json"));
    }

    @ParameterizedTest(name = "{index}: notetype")
    @MethodSource("notetypes")
    void notetypeJson_writesTheRowsAnkiWrites(JsonNode item) throws IOException {
        NotetypeRows anki = ankisRows(item);
        NotetypeRows ours = NotetypeCodec.toRows(PLAIN.writeValueAsString(item.get("json")), anki.name());

        assertThat(ours.id()).isEqualTo(anki.id());
        assertThat(ours.mtimeSecs()).isEqualTo(anki.mtimeSecs());
        assertSameMessage(ours.config(), anki.config(), anki.name() + " config");
        assertThat(ours.fields()).hasSameSizeAs(anki.fields());
        for (int i = 0; i < anki.fields().size(); i++) {
            assertThat(ours.fields().get(i).name()).isEqualTo(anki.fields().get(i).name());
            assertSameMessage(ours.fields().get(i).config(), anki.fields().get(i).config(), anki.name() + " field " + i);
        }
        for (int i = 0; i < anki.templates().size(); i++) {
            assertThat(ours.templates().get(i).name()).isEqualTo(anki.templates().get(i).name());
            assertSameMessage(ours.templates().get(i).config(), anki.templates().get(i).config(), anki.name() + " template " + i);
        }
    }

    @ParameterizedTest(name = "{index}: notetype")
    @MethodSource("notetypes")
    void notetypeJson_survivesARoundTrip(JsonNode item) throws IOException {
        String json = PLAIN.writeValueAsString(item.get("json"));

        String back = NotetypeCodec.toJson(NotetypeCodec.toRows(json, item.get("json").get("name").asText()));

        assertThat(plain(back)).isEqualTo(item.get("json"));
    }

    @ParameterizedTest(name = "{index}: deck")
    @MethodSource("decks")
    void deckRows_readAsTheJsonAnkiSyncs(JsonNode item) throws IOException {
        assertThat(plain(DeckCodec.toJson(ankisDeck(item)))).isEqualTo(item.get("json"));
    }

    @ParameterizedTest(name = "{index}: deck")
    @MethodSource("decks")
    void deckJson_writesTheRowsAnkiWrites(JsonNode item) throws IOException {
        DeckRow anki = ankisDeck(item);
        DeckRow ours = DeckCodec.toRow(PLAIN.writeValueAsString(item.get("json")), item.get("json").get("name").asText());

        assertThat(ours.name()).isEqualTo(anki.name());
        assertSameMessage(ours.common(), anki.common(), anki.name() + " common");
        assertSameMessage(ours.kind(), anki.kind(), anki.name() + " kind");
    }

    @ParameterizedTest(name = "{index}: deck")
    @MethodSource("decks")
    void deckJson_survivesARoundTrip(JsonNode item) throws IOException {
        String json = PLAIN.writeValueAsString(item.get("json"));

        assertThat(plain(DeckCodec.toJson(DeckCodec.toRow(json, item.get("json").get("name").asText())))).isEqualTo(item.get("json"));
    }

    @ParameterizedTest(name = "{index}: deck config")
    @MethodSource("deckConfigs")
    void deckConfigRows_readAsTheJsonAnkiSyncs(JsonNode item) throws IOException {
        assertThat(plain(DeckConfigCodec.toJson(ankisDeckConfig(item)))).isEqualTo(item.get("json"));
    }

    @ParameterizedTest(name = "{index}: deck config")
    @MethodSource("deckConfigs")
    void deckConfigJson_writesTheRowsAnkiWrites(JsonNode item) throws IOException {
        DeckConfigRow anki = ankisDeckConfig(item);

        assertSameMessage(DeckConfigCodec.toRow(PLAIN.writeValueAsString(item.get("json"))).config(), anki.config(), anki.name());
    }

    @ParameterizedTest(name = "{index}: deck config")
    @MethodSource("deckConfigs")
    void deckConfigJson_survivesARoundTrip(JsonNode item) throws IOException {
        String json = PLAIN.writeValueAsString(item.get("json"));

        assertThat(plain(DeckConfigCodec.toJson(DeckConfigCodec.toRow(json)))).isEqualTo(item.get("json"));
    }

    @Test
    void theFixtureCoversWhatMatters() {
        assertThat(notetypes().map(n -> n.get("json").get("name").asText()))
                .contains("Basic", "Basic (and reversed card)", "Basic (optional reversed card)", "Basic (type in the answer)", "Cloze",
                        "Image Occlusion", "Custom oracle");
        assertThat(decks().filter(d -> d.get("json").get("dyn").asInt() == 1)).hasSize(1);
        assertThat(deckConfigs().filter(c -> c.get("json").get("fsrsParams6").size() == 21)).hasSize(1);
        assertThat(deckConfigs().filter(c -> c.get("json").has("topAddonKey"))).hasSize(1);
    }
}
