package dev.deckhand.adapter.sqlite.collection.internal.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The codecs against Anki's own conversion. Each fixture in {@code src/test/resources/legacy/} (made by
 * {@code src/test/fixtures/make_legacy_fixtures.py} with the official client) holds one object both as
 * the legacy JSON Anki syncs and as the schema-18 rows Anki stores. JSON is compared as trees, number
 * by number; blobs are compared field by field after decoding, because field order may differ, with
 * sub-messages decoded in turn and the {@code other} field (255) compared as JSON. Irregular fixtures
 * also hold the loosely shaped JSON ("input") that Anki read into those rows, as a sync client may send it.
 */
class LegacyCodecOracleTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final String ADDON_KEY = "myAddonKey";
    private static final String ADDON_VALUE = "{\"nested\":[1,2.5,\"x\"]}";
    /**
     * Blob fields that Anki's own legacy JSON cannot carry: Anki syncs a negative template deck
     * override as null, so neither Anki nor Deckhand gets the -1 back from that JSON.
     */
    private static final Map<String, String> LOST_IN_ANKIS_JSON = Map.of("notetype-irregular-notetype.json", "template 0.config field 5:");

    // ---- over every fixture ------------------------------------------------------------------

    static Stream<String> fixtures() {
        List<String> names = new ArrayList<>();
        read("index.json").forEach(name -> names.add(name.asText()));
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rowsToJson_givesTheJsonAnkiSyncs(String fixture) {
        assertRowsReadAsAnkisJson(Fixture.load(fixture));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void jsonToRows_givesTheFieldsAnkiStores(String fixture) {
        assertJsonWritesAnkisRows(Fixture.load(fixture));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void jsonToRowsToJson_keepsEveryKey(String fixture) {
        assertJsonSurvivesRoundTrip(Fixture.load(fixture));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rowsToJsonToRows_keepsEveryProtobufField(String fixture) {
        assertRowsSurviveRoundTrip(Fixture.load(fixture));
    }

    static Stream<String> irregularFixtures() {
        return fixtures().filter(name -> Fixture.load(name).input() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("irregularFixtures")
    void irregularJsonToRows_givesTheFieldsAnkiStoresForIt(String fixture) {
        assertInputWritesAnkisRows(Fixture.load(fixture));
    }

    // ---- named coverage ----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Basic", "Basic (and reversed card)", "Basic (optional reversed card)", "Basic (type in the answer)",
            "Cloze", "Image Occlusion"})
    void stockNotetype_convertsBothWaysLikeAnki(String name) {
        Fixture fixture = Fixture.notetypeNamed(name);

        assertConvertsLikeAnki(fixture);
        assertThat(fixture.json().get("originalStockKind")).as("a stock notetype records its kind").isNotNull();
    }

    @Test
    void clozeAndImageOcclusion_areClozeKindWithTheirFieldFlags() {
        assertThat(Fixture.notetypeNamed("Cloze").json().get("type").asInt()).isEqualTo(1);
        Fixture occlusion = Fixture.notetypeNamed("Image Occlusion");
        assertThat(occlusion.json().get("type").asInt()).isEqualTo(1);
        // Image Occlusion is the stock notetype that uses field tags and deletion protection.
        assertThat(occlusion.json().get("flds")).anySatisfy(f -> assertThat(f.get("preventDeletion").asBoolean()).isTrue());
        assertThat(occlusion.json().get("flds")).anySatisfy(f -> assertThat(f.get("tag").isNull()).isFalse());

        assertConvertsLikeAnki(occlusion);
    }

    @Test
    void customNotetype_keepsUnusualSettingsAndUnknownKeys() {
        Fixture fixture = Fixture.notetypeNamed("Custom unusual");
        JsonNode json = fixture.json();
        assertThat(json.get("sortf").asInt()).isEqualTo(1);
        assertThat(json.get("latexsvg").asBoolean()).isTrue();
        assertThat(json.get("originalId").asLong()).isEqualTo(1234567890123L);
        assertThat(json.at("/flds/0/rtl").asBoolean()).isTrue();
        assertThat(json.at("/flds/0/sticky").asBoolean()).isFalse();
        assertThat(json.at("/flds/1/sticky").asBoolean()).isTrue();
        assertThat(json.at("/flds/1/plainText").asBoolean()).isTrue();
        assertThat(json.at("/flds/1/description").asText()).isNotEmpty();
        assertThat(json.at("/tmpls/0/bqfmt").asText()).isNotEmpty();
        assertThat(json.at("/tmpls/1/did").isIntegralNumber()).isTrue();

        assertConvertsLikeAnki(fixture);

        JsonNode back = plain(NotetypeCodec.toJson(NotetypeCodec.toRows(fixture.jsonText(), fixture.json().get("name").asText())));
        assertThat(back.get(ADDON_KEY)).isEqualTo(plain(ADDON_VALUE));
        assertThat(back.at("/flds/1").get(ADDON_KEY)).isEqualTo(plain(ADDON_VALUE));
        assertThat(back.at("/tmpls/0").get(ADDON_KEY)).isEqualTo(plain(ADDON_VALUE));
        assertThat(back.at("/flds/0").has(ADDON_KEY)).isFalse();
    }

    @Test
    void nestedNormalDeck_keepsDescriptionLimitsRetentionAndUnknownKeys() {
        Fixture fixture = Fixture.deckNamed("Lang::French::Verbs");
        assertThat(fixture.rows().at("/deck/name").asText()).isEqualTo("Lang\u001fFrench\u001fVerbs");
        JsonNode json = fixture.json();
        assertThat(json.get("md").asBoolean()).isTrue();
        assertThat(json.get("reviewLimitToday").get("limit").asInt()).isEqualTo(99);
        assertThat(json.get("desiredRetention").asInt()).isEqualTo(87);

        assertConvertsLikeAnki(fixture);

        DeckRow row = DeckCodec.toRow(fixture.jsonText(), json.get("name").asText());
        assertThat(row.name()).isEqualTo("Lang\u001fFrench\u001fVerbs");
        UnknownFieldSet normal = parse(parse(row.kind()).getField(1).getLengthDelimitedList().get(0));
        assertThat(Float.intBitsToFloat(normal.getField(10).getFixed32List().get(0))).isEqualTo(0.87f);
        assertThat(plain(DeckCodec.toJson(row)).get(ADDON_KEY)).isEqualTo(plain(ADDON_VALUE));
    }

    @Test
    void filteredDeck_withTwoTermsAndDelays_convertsBothWaysLikeAnki() {
        Fixture fixture = Fixture.deckNamed("Filtered::Hard ones");
        JsonNode json = fixture.json();
        assertThat(json.get("dyn").asInt()).isEqualTo(1);
        assertThat(json.get("terms")).hasSize(2);
        assertThat(json.get("delays")).hasSize(2);

        assertConvertsLikeAnki(fixture);

        DeckRow row = DeckCodec.toRow(fixture.jsonText(), json.get("name").asText());
        UnknownFieldSet kind = parse(row.kind());
        assertThat(kind.hasField(1)).as("no normal kind").isFalse();
        UnknownFieldSet filtered = parse(kind.getField(2).getLengthDelimitedList().get(0));
        assertThat(filtered.getField(2).getLengthDelimitedList()).hasSize(2);
        assertThat(plain(DeckCodec.toJson(row)).get(ADDON_KEY)).isEqualTo(plain(ADDON_VALUE));
    }

    @Test
    void fsrsDeckConfig_convertsBothWaysLikeAnki() {
        Fixture fixture = Fixture.deckConfigNamed("FSRS tuned");
        JsonNode json = fixture.json();
        assertThat(json.get("fsrsParams6")).hasSize(21);
        assertThat(json.get("desiredRetention").asDouble()).isEqualTo(0.87);
        assertThat(json.get("secondsToShowQuestion").asDouble()).isEqualTo(2.5);
        assertThat(json.at("/lapse/leechAction").asInt()).isZero();

        assertConvertsLikeAnki(fixture);

        DeckConfigRow row = DeckConfigCodec.toRow(fixture.jsonText());
        UnknownFieldSet config = parse(row.config());
        assertThat(Float.intBitsToFloat(config.getField(37).getFixed32List().get(0))).isEqualTo(0.87f);
        assertThat(config.getField(6).getLengthDelimitedList().get(0).size()).as("21 packed floats").isEqualTo(21 * 4);
        JsonNode back = plain(DeckConfigCodec.toJson(row));
        for (String place : List.of("", "/new", "/rev", "/lapse")) {
            assertThat(back.at(place).get(ADDON_KEY)).as("unknown key at '%s'", place).isEqualTo(plain(ADDON_VALUE));
        }
    }

    @Test
    void irregularNotetype_readsNumbersAndStringsAsAnkiDoes() {
        Fixture fixture = Fixture.notetypeNamed("Irregular notetype");
        assertThat(fixture.input().get("latexsvg").asInt()).isEqualTo(1);
        assertThat(fixture.json().get("latexsvg").asBoolean()).as("a number is not a bool to Anki here").isFalse();
        assertThat(fixture.json().at("/tmpls/0/did").isNull()).as("a negative deck override syncs as null").isTrue();

        assertConvertsLikeAnki(fixture);
        assertInputWritesAnkisRows(fixture);
    }

    @Test
    void irregularDeck_dropsStaleCountersAndInvalidLimitsAsAnkiDoes() {
        Fixture fixture = Fixture.deckNamed("Irregular deck");
        assertThat(fixture.json().get("revToday").get(1).asInt()).as("yesterday's count is dropped").isZero();
        assertThat(fixture.json().get("reviewLimit").isNull()).isTrue();

        assertConvertsLikeAnki(fixture);
        assertInputWritesAnkisRows(fixture);
    }

    @Test
    void irregularFilteredDeck_clampsTermLimitsAsAnkiDoes() {
        Fixture fixture = Fixture.deckNamed("Irregular filtered");
        assertThat(fixture.json().at("/terms/1/1").asInt()).isZero();

        assertConvertsLikeAnki(fixture);
        assertInputWritesAnkisRows(fixture);
    }

    @Test
    void irregularDeckConfig_fallsBackToAnkisDefaults() {
        Fixture fixture = Fixture.deckConfigNamed("Irregular config");
        assertThat(fixture.json().at("/lapse/leechAction").asInt()).as("an unknown leech action tags only").isEqualTo(1);
        assertThat(fixture.json().at("/rev/perDay").asInt()).isZero();

        assertConvertsLikeAnki(fixture);
        assertInputWritesAnkisRows(fixture);
    }

    @Test
    void defaultDeckConfig_convertsBothWaysLikeAnki() {
        assertConvertsLikeAnki(Fixture.deckConfigNamed("Default"));
    }

    @Test
    void fixtures_coverEveryKindOfObject() {
        List<String> names = fixtures().toList();
        assertThat(names).filteredOn(n -> n.startsWith("notetype-")).hasSize(8);
        assertThat(names).filteredOn(n -> n.startsWith("deck-")).hasSizeGreaterThanOrEqualTo(7);
        assertThat(names).filteredOn(n -> n.startsWith("deckconfig-")).hasSize(3);
        assertThat(irregularFixtures()).hasSize(4);
    }

    // ---- the four checks ---------------------------------------------------------------------

    private static void assertConvertsLikeAnki(Fixture fixture) {
        assertRowsReadAsAnkisJson(fixture);
        assertJsonWritesAnkisRows(fixture);
        assertJsonSurvivesRoundTrip(fixture);
        assertRowsSurviveRoundTrip(fixture);
    }

    private static void assertRowsReadAsAnkisJson(Fixture fixture) {
        assertSameJson(plain(fixture.toJson(fixture.ankiRows())), fixture.json(), fixture.file() + ": toJson(Anki's rows)");
    }

    private static void assertJsonWritesAnkisRows(Fixture fixture) {
        List<String> diffs = rowDiffs(fixture.toRows(fixture.jsonText()), fixture.ankiRows(), true);
        diffs.removeIf(diff -> diff.startsWith(LOST_IN_ANKIS_JSON.getOrDefault(fixture.file(), "\0")));
        assertThat(diffs).as(fixture.file() + ": toRows(Anki's JSON)").isEmpty();
    }

    /** Anki stamped its own mtime and usn when it saved the input, so those columns are left out. */
    private static void assertInputWritesAnkisRows(Fixture fixture) {
        assertThat(rowDiffs(fixture.toRows(text(fixture.input())), fixture.ankiRows(), false)).as(fixture.file() + ": toRows(irregular JSON)")
                .isEmpty();
    }

    private static void assertJsonSurvivesRoundTrip(Fixture fixture) {
        assertSameJson(plain(fixture.toJson(fixture.toRows(fixture.jsonText()))), fixture.json(), fixture.file() + ": JSON -> rows -> JSON");
    }

    private static void assertRowsSurviveRoundTrip(Fixture fixture) {
        Object rows = fixture.ankiRows();
        List<String> diffs = rowDiffs(fixture.toRows(fixture.toJson(rows)), rows, true);
        diffs.removeIf(diff -> diff.startsWith(LOST_IN_ANKIS_JSON.getOrDefault(fixture.file(), "\0")));
        assertThat(diffs).as(fixture.file() + ": rows -> JSON -> rows").isEmpty();
    }

    // ---- comparing rows ----------------------------------------------------------------------

    /**
     * Differences in row columns and decoded blobs. Template rows' {@code mtime_secs}/{@code usn} are
     * left out: the legacy JSON has no place for them and the storage layer, not the codec, fills them
     * in. {@code stamps}: whether to compare the object's own {@code mtime_secs} and {@code usn}.
     */
    private static List<String> rowDiffs(Object ours, Object anki, boolean stamps) {
        List<String> diffs = new ArrayList<>();
        if (anki instanceof NotetypeRows a && ours instanceof NotetypeRows o) {
            columns(diffs, "notetype", o.id(), o.name(), o.mtimeSecs(), o.usn(), a.id(), a.name(), a.mtimeSecs(), a.usn(), stamps);
            blob(diffs, "notetype.config", o.config(), a.config(), Shape.NOTETYPE);
            count(diffs, "fields", o.fields().size(), a.fields().size());
            for (int i = 0; i < Math.min(o.fields().size(), a.fields().size()); i++) {
                NotetypeRows.FieldRow of = o.fields().get(i);
                NotetypeRows.FieldRow af = a.fields().get(i);
                columns(diffs, "field " + i, List.of(of.ordinal(), of.name()), List.of(af.ordinal(), af.name()));
                blob(diffs, "field " + i + ".config", of.config(), af.config(), Shape.LEAF);
            }
            count(diffs, "templates", o.templates().size(), a.templates().size());
            for (int i = 0; i < Math.min(o.templates().size(), a.templates().size()); i++) {
                NotetypeRows.TemplateRow ot = o.templates().get(i);
                NotetypeRows.TemplateRow at = a.templates().get(i);
                columns(diffs, "template " + i, List.of(ot.ordinal(), ot.name()), List.of(at.ordinal(), at.name()));
                blob(diffs, "template " + i + ".config", ot.config(), at.config(), Shape.LEAF);
            }
        } else if (anki instanceof DeckRow a && ours instanceof DeckRow o) {
            columns(diffs, "deck", o.id(), o.name(), o.mtimeSecs(), o.usn(), a.id(), a.name(), a.mtimeSecs(), a.usn(), stamps);
            blob(diffs, "deck.common", o.common(), a.common(), Shape.LEAF);
            blob(diffs, "deck.kind", o.kind(), a.kind(), Shape.DECK_KIND);
        } else if (anki instanceof DeckConfigRow a && ours instanceof DeckConfigRow o) {
            columns(diffs, "deck_config", o.id(), o.name(), o.mtimeSecs(), o.usn(), a.id(), a.name(), a.mtimeSecs(), a.usn(), stamps);
            blob(diffs, "deck_config.config", o.config(), a.config(), Shape.LEAF);
        } else {
            throw new AssertionError(anki);
        }
        return diffs;
    }

    private static void columns(List<String> diffs, String what, List<Object> ours, List<Object> anki) {
        if (!ours.equals(anki)) {
            diffs.add(what + " columns: deckhand=" + ours + " anki=" + anki);
        }
    }

    private static void columns(List<String> diffs, String what, long id, String name, long mtime, int usn,
            long ankiId, String ankiName, long ankiMtime, int ankiUsn, boolean stamps) {
        columns(diffs, what, stamps ? List.of(id, name, mtime, usn) : List.of(id, name),
                stamps ? List.of(ankiId, ankiName, ankiMtime, ankiUsn) : List.of(ankiId, ankiName));
    }

    private static void count(List<String> diffs, String what, int ours, int anki) {
        if (ours != anki) {
            diffs.add(what + ": deckhand has " + ours + ", anki " + anki);
        }
    }

    private static void blob(List<String> diffs, String what, byte[] ours, byte[] anki, Shape shape) {
        Map<Integer, List<Object>> o = decode(ours, shape);
        Map<Integer, List<Object>> a = decode(anki, shape);
        for (int number : new TreeSet<>(union(o.keySet(), a.keySet()))) {
            if (!o.getOrDefault(number, List.of()).equals(a.getOrDefault(number, List.of()))) {
                diffs.add(what + " field " + number + ": deckhand=" + o.get(number) + " anki=" + a.get(number));
            }
        }
    }

    /** Which length-delimited fields are sub-messages, per message; field 255 is always JSON. */
    private record Shape(Map<Integer, Shape> messages) {
        static final Shape LEAF = new Shape(Map.of());
        /** Notetype.Config: 8 = CardRequirement. */
        static final Shape NOTETYPE = new Shape(Map.of(8, LEAF));
        /** Deck.KindContainer: 1 = Normal (8, 9 = DayLimit), 2 = Filtered (2 = SearchTerm). */
        static final Shape DECK_KIND = new Shape(Map.of(1, new Shape(Map.of(8, LEAF, 9, LEAF)), 2, new Shape(Map.of(2, LEAF))));
    }

    /** Field number to values; sub-messages decoded, {@code other} as a JSON tree, strings as text. */
    private static Map<Integer, List<Object>> decode(byte[] blob, Shape shape) {
        UnknownFieldSet set = parse(blob);
        Map<Integer, List<Object>> out = new TreeMap<>();
        for (Map.Entry<Integer, UnknownFieldSet.Field> entry : set.asMap().entrySet()) {
            int number = entry.getKey();
            UnknownFieldSet.Field field = entry.getValue();
            List<Object> values = new ArrayList<>();
            field.getVarintList().forEach(v -> values.add("varint " + v));
            field.getFixed32List().forEach(v -> values.add("float " + Float.intBitsToFloat(v) + " (0x" + Integer.toHexString(v) + ")"));
            field.getFixed64List().forEach(v -> values.add("fixed64 " + v));
            for (ByteString bytes : field.getLengthDelimitedList()) {
                if (number == 255) {
                    values.add(plain(bytes.toStringUtf8()));
                } else if (shape.messages().containsKey(number)) {
                    values.add(decode(bytes.toByteArray(), shape.messages().get(number)));
                } else {
                    values.add("bytes \"" + TextFormat.escapeBytes(bytes) + "\"");
                }
            }
            out.put(number, values);
        }
        return out;
    }

    private static UnknownFieldSet parse(byte[] blob) {
        try {
            return UnknownFieldSet.parseFrom(blob);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a protobuf message", e);
        }
    }

    private static UnknownFieldSet parse(ByteString blob) {
        return parse(blob.toByteArray());
    }

    private static <T> List<T> union(Set<T> a, Set<T> b) {
        List<T> out = new ArrayList<>(a);
        b.stream().filter(x -> !a.contains(x)).forEach(out::add);
        return out;
    }

    // ---- comparing JSON ----------------------------------------------------------------------

    /** Both trees come from the same plain mapper, so 0.9 and 0.8999999761581421 differ, as do 1 and 1.0. */
    private static void assertSameJson(JsonNode ours, JsonNode anki, String what) {
        List<String> diffs = new ArrayList<>();
        jsonDiff("", ours, anki, diffs);
        assertThat(diffs).as(what).isEmpty();
    }

    private static void jsonDiff(String path, JsonNode ours, JsonNode anki, List<String> diffs) {
        if (ours == null || anki == null) {
            diffs.add(path + ": deckhand=" + ours + " anki=" + anki);
        } else if (ours.isObject() && anki.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            ours.fieldNames().forEachRemaining(keys::add);
            anki.fieldNames().forEachRemaining(keys::add);
            keys.forEach(k -> jsonDiff(path + "/" + k, ours.get(k), anki.get(k), diffs));
        } else if (ours.isArray() && anki.isArray() && ours.size() == anki.size()) {
            for (int i = 0; i < ours.size(); i++) {
                jsonDiff(path + "/" + i, ours.get(i), anki.get(i), diffs);
            }
        } else if (!ours.equals(anki)) {
            diffs.add(path + ": deckhand=" + ours + " anki=" + anki);
        }
    }

    private static JsonNode plain(String json) {
        try {
            return PLAIN.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode json) {
        try {
            return PLAIN.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = LegacyCodecOracleTest.class.getResourceAsStream("/legacy/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource);
            }
            return PLAIN.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- fixtures ----------------------------------------------------------------------------

    /** One fixture file: Anki's legacy JSON and Anki's rows for the same object, and for some the JSON Anki was given. */
    private record Fixture(String file, String kind, JsonNode input, JsonNode json, JsonNode rows) {

        static Fixture load(String file) {
            JsonNode node = read(file);
            return new Fixture(file, node.get("kind").asText(), node.get("input"), node.get("json"), node.get("rows"));
        }

        static Fixture notetypeNamed(String name) {
            return named("notetype", name);
        }

        static Fixture deckNamed(String name) {
            return named("deck", name);
        }

        static Fixture deckConfigNamed(String name) {
            return named("deckConfig", name);
        }

        private static Fixture named(String kind, String name) {
            return fixtures().map(Fixture::load)
                    .filter(f -> f.kind().equals(kind) && f.json().get("name").asText().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " fixture named " + name));
        }

        String jsonText() {
            return text(json);
        }

        Object ankiRows() {
            switch (kind) {
                case "notetype": {
                    JsonNode nt = rows.get("notetype");
                    List<NotetypeRows.FieldRow> fields = new ArrayList<>();
                    rows.get("fields").forEach(f -> fields.add(new NotetypeRows.FieldRow(f.get("ord").asInt(), f.get("name").asText(),
                            base64(f.get("config")))));
                    List<NotetypeRows.TemplateRow> templates = new ArrayList<>();
                    rows.get("templates").forEach(t -> templates.add(new NotetypeRows.TemplateRow(t.get("ord").asInt(),
                            t.get("name").asText(), t.get("mtimeSecs").asLong(), t.get("usn").asInt(), base64(t.get("config")))));
                    return new NotetypeRows(nt.get("id").asLong(), nt.get("name").asText(), nt.get("mtimeSecs").asLong(),
                            nt.get("usn").asInt(), base64(nt.get("config")), fields, templates);
                }
                case "deck": {
                    JsonNode d = rows.get("deck");
                    return new DeckRow(d.get("id").asLong(), d.get("name").asText(), d.get("mtimeSecs").asLong(), d.get("usn").asInt(),
                            base64(d.get("common")), base64(d.get("kind")));
                }
                case "deckConfig": {
                    JsonNode c = rows.get("deckConfig");
                    return new DeckConfigRow(c.get("id").asLong(), c.get("name").asText(), c.get("mtimeSecs").asLong(),
                            c.get("usn").asInt(), base64(c.get("config")));
                }
                default:
                    throw new AssertionError(kind);
            }
        }

        /** The codec's JSON -> rows direction; names come from the JSON, as the sync code passes them. */
        Object toRows(String legacyJson) {
            String name = plain(legacyJson).get("name").asText();
            switch (kind) {
                case "notetype":
                    return NotetypeCodec.toRows(legacyJson, name);
                case "deck":
                    return DeckCodec.toRow(legacyJson, name);
                case "deckConfig":
                    return DeckConfigCodec.toRow(legacyJson);
                default:
                    throw new AssertionError(kind);
            }
        }

        String toJson(Object rows) {
            if (rows instanceof NotetypeRows notetype) {
                return NotetypeCodec.toJson(notetype);
            }
            if (rows instanceof DeckRow deck) {
                return DeckCodec.toJson(deck);
            }
            if (rows instanceof DeckConfigRow config) {
                return DeckConfigCodec.toJson(config);
            }
            throw new AssertionError(rows);
        }

        private static byte[] base64(JsonNode value) {
            return value == null || value.isNull() ? new byte[0] : Base64.getDecoder().decode(value.asText());
        }

        @Override
        public String toString() {
            return file;
        }
    }
}
