package dev.deckhand.adapter.sqlite.collection.internal.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decks: legacy JSON (normal or filtered, chosen by {@code dyn}) to and from the {@code Deck.Common}
 * and {@code Deck.KindContainer} blobs of the {@code decks} table.
 */
public final class DeckCodec {

    private static final Set<String> COMMON_KEYS = Set.of("id", "mod", "name", "usn", "lrnToday", "revToday", "newToday",
            "timeToday", "collapsed", "browserCollapsed", "desc", "md", "dyn", "return");
    private static final Set<String> NORMAL_KEYS = union(COMMON_KEYS, Set.of("conf", "extendNew", "extendRev", "reviewLimit",
            "newLimit", "reviewLimitToday", "newLimitToday", "desiredRetention"));
    private static final Set<String> FILTERED_KEYS = union(COMMON_KEYS, Set.of("resched", "terms", "separate", "delays",
            "previewDelay", "previewAgainSecs", "previewHardSecs", "previewGoodSecs"));
    /** Keys that never come back out of {@code other} (Anki's reserved deck keys). */
    private static final Set<String> RESERVED = NORMAL_KEYS;

    private DeckCodec() {}

    public static DeckRow toRow(String legacyJson, String wireName) {
        ObjectNode deck = Json.object(legacyJson);
        boolean filtered = Json.bool(deck, "dyn", false);
        int[] lrn = today(deck, "lrnToday");
        int[] rev = today(deck, "revToday");
        int[] neu = today(deck, "newToday");
        int[] time = today(deck, "timeToday");
        // The day of the last study session; counts recorded on an earlier day no longer count.
        int lastDay = Math.max(time[0], Math.max(neu[0], rev[0]));
        ProtoWriter common = new ProtoWriter()
                .bool(1, Json.bool(deck, "collapsed", false))
                .bool(2, Json.bool(deck, "browserCollapsed", false))
                .varint(3, Integer.toUnsignedLong(lastDay))
                .varint(4, neu[0] == lastDay ? neu[1] : 0)
                .varint(5, rev[0] == lastDay ? rev[1] : 0)
                .varint(6, lrn[0] == lastDay ? lrn[1] : 0)
                .varint(7, time[1])
                .bytes(255, Json.otherBytes(deck, filtered ? FILTERED_KEYS : NORMAL_KEYS));
        ProtoWriter kind = new ProtoWriter();
        if (filtered) {
            kind.message(2, filteredKind(deck));
        } else {
            kind.message(1, normalKind(deck));
        }
        return new DeckRow(Json.integer(deck, "id", 0), DeckRow.nativeName(wireName), Json.integer(deck, "mod", 0),
                (int) Json.integer(deck, "usn", 0), common.toByteArray(), kind.toByteArray());
    }

    public static String toJson(DeckRow row) {
        ProtoMessage common = ProtoMessage.parse(row.common());
        ProtoMessage container = ProtoMessage.parse(row.kind());
        boolean filtered = container.has(2);
        ObjectNode deck = Json.newObject();
        deck.put("id", row.id());
        deck.put("mod", row.mtimeSecs());
        deck.put("name", DeckRow.wireName(row.name()));
        deck.put("usn", row.usn());
        long day = (int) common.varint(3);
        putToday(deck, "lrnToday", day, common.varint(6));
        putToday(deck, "revToday", day, common.varint(5));
        putToday(deck, "newToday", day, common.varint(4));
        putToday(deck, "timeToday", day, common.varint(7));
        deck.put("collapsed", common.bool(1));
        deck.put("browserCollapsed", common.bool(2));
        if (filtered) {
            deck.put("desc", "");
            deck.put("dyn", 1);
            writeFiltered(deck, container.message(2));
        } else {
            ProtoMessage normal = container.message(1);
            deck.put("desc", normal.string(4));
            if (normal.bool(5)) {
                deck.put("md", true);
            }
            deck.put("dyn", 0);
            writeNormal(deck, normal);
        }
        Json.mergeOther(deck, common.bytes(255), RESERVED);
        return Json.text(deck);
    }

    private static ProtoWriter normalKind(ObjectNode deck) {
        ProtoWriter normal = new ProtoWriter()
                .varint(1, Json.integer(deck, "conf", 1))
                .varint(2, Math.max(0, Json.integer(deck, "extendNew", 0)))
                .varint(3, Math.max(0, Json.integer(deck, "extendRev", 0)))
                .string(4, Json.string(deck, "desc", ""))
                .bool(5, Json.bool(deck, "md", false));
        Long reviewLimit = Json.optionalUnsigned(deck, "reviewLimit");
        if (reviewLimit != null) {
            normal.presentVarint(6, reviewLimit);
        }
        Long newLimit = Json.optionalUnsigned(deck, "newLimit");
        if (newLimit != null) {
            normal.presentVarint(7, newLimit);
        }
        dayLimit(deck.get("reviewLimitToday")).ifPresent(limit -> normal.message(8, limit));
        dayLimit(deck.get("newLimitToday")).ifPresent(limit -> normal.message(9, limit));
        Long retention = Json.optionalUnsigned(deck, "desiredRetention");
        if (retention != null) {
            // The wire has whole percent; the blob a fraction.
            normal.float32Present(10, retention / 100.0f);
        }
        return normal;
    }

    private static void writeNormal(ObjectNode deck, ProtoMessage normal) {
        deck.put("conf", normal.varint(1));
        deck.put("extendNew", normal.varint(2));
        deck.put("extendRev", normal.varint(3));
        putOptional(deck, "reviewLimit", normal, 6);
        putOptional(deck, "newLimit", normal, 7);
        putDayLimit(deck, "reviewLimitToday", normal, 8);
        putDayLimit(deck, "newLimitToday", normal, 9);
        if (normal.has(10)) {
            deck.put("desiredRetention", (long) (normal.float32(10) * 100.0f));
        } else {
            deck.putNull("desiredRetention");
        }
    }

    private static ProtoWriter filteredKind(ObjectNode deck) {
        ProtoWriter filtered = new ProtoWriter().bool(1, Json.bool(deck, "resched", false));
        JsonNode terms = deck.get("terms");
        if (terms != null && terms.isArray()) {
            for (JsonNode term : terms) {
                if (term.isArray() && term.size() >= 3) {
                    filtered.message(2, new ProtoWriter()
                            .string(1, term.get(0).asText())
                            .varint(2, Math.max(0, term.get(1).isTextual() ? Long.parseLong(term.get(1).asText()) : term.get(1).asLong()))
                            .varint(3, term.get(2).asLong()));
                }
            }
        }
        return filtered.packedFloats(3, Json.floats(deck, "delays"))
                .varint(4, Json.integer(deck, "previewDelay", 0))
                .varint(5, Json.integer(deck, "previewHardSecs", 0))
                .varint(6, Json.integer(deck, "previewGoodSecs", 0))
                .varint(7, Json.integer(deck, "previewAgainSecs", 0));
    }

    private static void writeFiltered(ObjectNode deck, ProtoMessage filtered) {
        deck.put("resched", filtered.bool(1));
        ArrayNode terms = deck.putArray("terms");
        for (ProtoMessage term : filtered.messages(2)) {
            ArrayNode entry = terms.addArray();
            entry.add(term.string(1));
            entry.add(term.varint(2));
            entry.add(term.varint(3));
        }
        deck.put("separate", true);
        List<Float> delays = filtered.floats(3);
        if (delays.isEmpty()) {
            deck.putNull("delays");
        } else {
            ArrayNode array = deck.putArray("delays");
            delays.forEach(array::add);
        }
        deck.put("previewDelay", filtered.varint(4));
        deck.put("previewAgainSecs", filtered.varint(7));
        deck.put("previewHardSecs", filtered.varint(5));
        deck.put("previewGoodSecs", filtered.varint(6));
    }

    /** {@code {limit, today}}; like Anki, a missing or invalid part makes the whole limit absent. */
    private static Optional<ProtoWriter> dayLimit(JsonNode value) {
        if (value == null || !value.isObject()) {
            return Optional.empty();
        }
        Long limit = Json.optionalUnsigned(value, "limit");
        Long today = Json.optionalUnsigned(value, "today");
        if (limit == null || today == null) {
            return Optional.empty();
        }
        return Optional.of(new ProtoWriter().varint(1, limit).varint(2, today));
    }

    private static void putDayLimit(ObjectNode deck, String key, ProtoMessage normal, int number) {
        if (normal.has(number)) {
            ProtoMessage limit = normal.message(number);
            ObjectNode out = deck.putObject(key);
            out.put("limit", limit.varint(1));
            out.put("today", limit.varint(2));
        } else {
            deck.putNull(key);
        }
    }

    private static void putOptional(ObjectNode deck, String key, ProtoMessage message, int number) {
        if (message.has(number)) {
            deck.put(key, message.varint(number));
        } else {
            deck.putNull(key);
        }
    }

    /** {@code [day, amount]}; anything malformed counts as {@code [0, 0]}. */
    private static int[] today(JsonNode deck, String key) {
        JsonNode value = deck.get(key);
        if (value == null || !value.isArray() || value.size() != 2) {
            return new int[] {0, 0};
        }
        return new int[] {value.get(0).asInt(), value.get(1).asInt()};
    }

    private static void putToday(ObjectNode deck, String key, long day, long amount) {
        ArrayNode today = deck.putArray(key);
        today.add(day);
        today.add((int) amount);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
