package dev.deckhand.adapter.sqlite.collection.internal.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Deck configs: legacy JSON, with its {@code new}/{@code rev}/{@code lapse} groups and old units
 * ({@code initialFactor} 2500 for an ease of 2.5, {@code autoplay} for "not disable autoplay"), to
 * and from the flat {@code DeckConfig.Config} blob, FSRS parameters included.
 */
public final class DeckConfigCodec {

    private static final Set<String> TOP_KEYS = Set.of("id", "mod", "name", "usn", "maxTaken", "autoplay", "timer", "replayq", "new",
            "rev", "lapse", "dyn", "newMix", "newPerDayMinimum", "interdayLearningMix", "reviewOrder", "newSortOrder",
            "newGatherPriority", "buryInterdayLearning", "fsrsWeights", "fsrsParams5", "fsrsParams6", "desiredRetention",
            "ignoreRevlogsBeforeDate", "easyDaysPercentages", "stopTimerOnAnswer", "secondsToShowQuestion",
            "secondsToShowAnswer", "questionAction", "answerAction", "waitForAudio", "sm2Retention", "weightSearch");
    private static final Set<String> NEW_KEYS = Set.of("bury", "delays", "initialFactor", "ints", "order", "perDay");
    private static final Set<String> REV_KEYS = Set.of("bury", "ease4", "ivlFct", "maxIvl", "perDay", "hardFactor");
    private static final Set<String> LAPSE_KEYS = Set.of("delays", "leechAction", "leechFails", "minInt", "mult");

    private DeckConfigCodec() {}

    public static DeckConfigRow toRow(String legacyJson) {
        ObjectNode conf = Json.object(legacyJson);
        ObjectNode neu = group(conf, "new");
        ObjectNode rev = group(conf, "rev");
        ObjectNode lapse = group(conf, "lapse");
        int[] ints = newIntervals(neu);
        Long leechAction = Json.optionalInteger(lapse, "leechAction");
        ProtoWriter config = new ProtoWriter()
                .packedFloats(1, neu.has("delays") ? Json.floats(neu, "delays") : List.of(1f, 10f))
                .packedFloats(2, lapse.has("delays") ? Json.floats(lapse, "delays") : List.of(10f))
                .packedFloats(3, Json.floats(conf, "fsrsWeights"))
                .packedFloats(4, Json.floats(conf, "easyDaysPercentages"))
                .packedFloats(5, Json.floats(conf, "fsrsParams5"))
                .packedFloats(6, Json.floats(conf, "fsrsParams6"))
                .varint(9, Json.unsigned(neu, "perDay", 20))
                .varint(10, Json.unsigned(rev, "perDay", 200))
                .float32(11, Json.integer(neu, "initialFactor", 2500) / 1000.0f)
                .float32(12, Json.real(rev, "ease4", 1.3f))
                .float32(13, Json.real(rev, "hardFactor", 1.2f))
                .float32(14, Json.real(lapse, "mult", 0f))
                .float32(15, Json.real(rev, "ivlFct", 1f))
                .varint(16, Json.integer(rev, "maxIvl", 36500))
                .varint(17, Json.integer(lapse, "minInt", 1))
                .varint(18, ints[0])
                .varint(19, ints[1])
                // Legacy order 0 is "random", 1 "due"; the blob's enum is the other way round.
                .varint(20, Json.integer(neu, "order", 1) == 0 ? 1 : 0)
                // 0 suspends; Anki reads anything else, even an unknown action, as 1 ("tag only").
                .varint(21, leechAction != null && leechAction == 0 ? 0 : 1)
                .varint(22, Json.integer(lapse, "leechFails", 8))
                .bool(23, !Json.bool(conf, "autoplay", true))
                .varint(24, Math.max(0, Json.integer(conf, "maxTaken", 60)))
                .bool(25, Json.integer(conf, "timer", 0) != 0)
                .bool(26, !Json.bool(conf, "replayq", false))
                .bool(27, Json.bool(neu, "bury", false))
                .bool(28, Json.bool(rev, "bury", false))
                .bool(29, Json.bool(conf, "buryInterdayLearning", false))
                .varint(30, Json.integer(conf, "newMix", 0))
                .varint(31, Json.integer(conf, "interdayLearningMix", 0))
                .varint(32, Json.integer(conf, "newSortOrder", 0))
                .varint(33, Json.integer(conf, "reviewOrder", 0))
                .varint(34, Json.integer(conf, "newGatherPriority", 0))
                .varint(35, Json.integer(conf, "newPerDayMinimum", 0))
                .varint(36, Json.integer(conf, "questionAction", 0))
                .float32(37, Json.real(conf, "desiredRetention", 0f))
                .bool(38, Json.bool(conf, "stopTimerOnAnswer", false))
                .float32(40, Json.real(conf, "sm2Retention", 0f))
                .float32(41, Json.real(conf, "secondsToShowQuestion", 0f))
                .float32(42, Json.real(conf, "secondsToShowAnswer", 0f))
                .varint(43, Json.integer(conf, "answerAction", 0))
                .bool(44, Json.bool(conf, "waitForAudio", true))
                .string(45, Json.string(conf, "weightSearch", ""))
                .string(46, Json.string(conf, "ignoreRevlogsBeforeDate", ""))
                .bytes(255, otherBytes(conf, neu, rev, lapse));
        return new DeckConfigRow(Json.integer(conf, "id", 0), Json.string(conf, "name", ""), Json.integer(conf, "mod", 0),
                (int) Json.integer(conf, "usn", 0), config.toByteArray());
    }

    public static String toJson(DeckConfigRow row) {
        ProtoMessage c = ProtoMessage.parse(row.config());
        ObjectNode other = otherObject(c.bytes(255));
        ObjectNode conf = Json.newObject();
        conf.put("id", row.id());
        conf.put("mod", row.mtimeSecs());
        conf.put("name", row.name());
        conf.put("usn", row.usn());
        conf.put("maxTaken", c.varint(24));
        conf.put("autoplay", !c.bool(23));
        conf.put("timer", c.bool(25) ? 1 : 0);
        conf.put("replayq", !c.bool(26));
        ObjectNode neu = conf.putObject("new");
        neu.put("bury", c.bool(27));
        floats(neu, "delays", c.floats(1));
        neu.put("initialFactor", (int) (c.float32(11) * 1000.0f));
        ArrayNode ints = neu.putArray("ints");
        ints.add(c.varint(18));
        ints.add(c.varint(19));
        ints.add(0);
        neu.put("order", c.varint(20) == 1 ? 0 : 1);
        neu.put("perDay", c.varint(9));
        mergeGroup(neu, other, "new", NEW_KEYS);
        ObjectNode rev = conf.putObject("rev");
        rev.put("bury", c.bool(28));
        rev.put("ease4", c.float32(12));
        rev.put("ivlFct", c.float32(15));
        rev.put("maxIvl", c.varint(16));
        rev.put("perDay", c.varint(10));
        rev.put("hardFactor", c.float32(13));
        mergeGroup(rev, other, "rev", REV_KEYS);
        ObjectNode lapse = conf.putObject("lapse");
        floats(lapse, "delays", c.floats(2));
        lapse.put("leechAction", c.varint(21) == 1 ? 1 : 0);
        lapse.put("leechFails", c.varint(22));
        lapse.put("minInt", c.varint(17));
        lapse.put("mult", c.float32(14));
        mergeGroup(lapse, other, "lapse", LAPSE_KEYS);
        conf.put("dyn", false);
        conf.put("newMix", c.varint(30));
        conf.put("newPerDayMinimum", c.varint(35));
        conf.put("interdayLearningMix", c.varint(31));
        conf.put("reviewOrder", c.varint(33));
        conf.put("newSortOrder", c.varint(32));
        conf.put("newGatherPriority", c.varint(34));
        conf.put("buryInterdayLearning", c.bool(29));
        floats(conf, "fsrsWeights", c.floats(3));
        floats(conf, "fsrsParams5", c.floats(5));
        floats(conf, "fsrsParams6", c.floats(6));
        conf.put("desiredRetention", c.float32(37));
        conf.put("ignoreRevlogsBeforeDate", c.string(46));
        floats(conf, "easyDaysPercentages", c.floats(4));
        conf.put("stopTimerOnAnswer", c.bool(38));
        conf.put("secondsToShowQuestion", c.float32(41));
        conf.put("secondsToShowAnswer", c.float32(42));
        conf.put("questionAction", c.varint(36) == 1 ? 1 : 0);
        long answerAction = c.varint(43);
        conf.put("answerAction", answerAction >= 1 && answerAction <= 4 ? answerAction : 0);
        conf.put("waitForAudio", c.bool(44));
        conf.put("sm2Retention", c.float32(40));
        conf.put("weightSearch", c.string(45));
        other.remove(List.of("new", "rev", "lapse"));
        Json.mergeOther(conf, Json.text(other).getBytes(StandardCharsets.UTF_8), TOP_KEYS);
        return Json.text(conf);
    }

    /** {@code ints} is {@code [good, easy, unused]}; fewer than two values mean the defaults 1 and 4. */
    private static int[] newIntervals(ObjectNode neu) {
        JsonNode ints = neu.get("ints");
        if (ints != null && ints.isArray() && ints.size() >= 2 && ints.get(0).isIntegralNumber() && ints.get(1).isIntegralNumber()) {
            return new int[] {ints.get(0).intValue(), ints.get(1).intValue()};
        }
        return new int[] {1, 4};
    }

    private static ObjectNode group(ObjectNode conf, String key) {
        JsonNode value = conf.get(key);
        return value != null && value.isObject() ? (ObjectNode) value : Json.newObject();
    }

    /** Unknown keys at the top, and unknown keys of each group under the group's name, as Anki stores them. */
    private static byte[] otherBytes(ObjectNode conf, ObjectNode neu, ObjectNode rev, ObjectNode lapse) {
        ObjectNode other = Json.newObject();
        conf.properties().forEach(e -> {
            if (!TOP_KEYS.contains(e.getKey())) {
                other.set(e.getKey(), e.getValue());
            }
        });
        addGroupOther(other, "new", neu, NEW_KEYS);
        addGroupOther(other, "rev", rev, REV_KEYS);
        addGroupOther(other, "lapse", lapse, LAPSE_KEYS);
        return other.isEmpty() ? new byte[0] : Json.text(other).getBytes(StandardCharsets.UTF_8);
    }

    private static void addGroupOther(ObjectNode other, String name, ObjectNode group, Set<String> known) {
        ObjectNode unknown = Json.newObject();
        group.properties().forEach(e -> {
            if (!known.contains(e.getKey())) {
                unknown.set(e.getKey(), e.getValue());
            }
        });
        if (!unknown.isEmpty()) {
            other.set(name, unknown);
        }
    }

    private static ObjectNode otherObject(byte[] bytes) {
        if (bytes.length == 0) {
            return Json.newObject();
        }
        try {
            return Json.object(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Json.newObject();
        }
    }

    private static void mergeGroup(ObjectNode group, ObjectNode other, String name, Set<String> reserved) {
        JsonNode stored = other.get(name);
        if (stored != null && stored.isObject()) {
            stored.properties().forEach(e -> {
                if (!reserved.contains(e.getKey()) && !group.has(e.getKey())) {
                    group.set(e.getKey(), e.getValue());
                }
            });
        }
    }

    private static void floats(ObjectNode object, String key, List<Float> values) {
        ArrayNode array = object.putArray(key);
        values.forEach(array::add);
    }
}
