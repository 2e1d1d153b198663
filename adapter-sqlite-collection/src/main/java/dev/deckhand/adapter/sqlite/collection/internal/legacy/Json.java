package dev.deckhand.adapter.sqlite.collection.internal.legacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading legacy JSON the way Anki does: a value of the wrong type falls back to the default
 * ({@code default_on_invalid} in Anki's code), ids may be numeric strings, and floats keep the digits
 * they came with.
 */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {}

    static ObjectNode object(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static long integer(JsonNode object, String key, long fallback) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return (long) value.doubleValue();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.textValue().trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** An integer that may be missing or null ({@code Option} in Anki). */
    static Long optionalInteger(JsonNode object, String key) {
        JsonNode value = object.get(key);
        return value != null && value.isIntegralNumber() ? value.longValue() : null;
    }

    /**
     * A {@code u32} read with {@code default_on_invalid}: anything but a whole number in range (a
     * string, a negative or fractional number) reads as 0; a missing key reads as {@code missing}.
     */
    static long unsigned(JsonNode object, String key, long missing) {
        JsonNode value = object.get(key);
        if (value == null) {
            return missing;
        }
        Long parsed = optionalUnsigned(object, key);
        return parsed == null ? 0 : parsed;
    }

    /** An {@code Option<u32>} read with {@code default_on_invalid}: absent unless a whole number in range. */
    static Long optionalUnsigned(JsonNode object, String key) {
        Long value = optionalInteger(object, key);
        return value != null && value >= 0 && value <= 0xFFFF_FFFFL ? value : null;
    }

    static float real(JsonNode object, String key, float fallback) {
        JsonNode value = object.get(key);
        return value != null && value.isNumber() ? value.floatValue() : fallback;
    }

    /** Booleans; like Anki, also accepts numbers (non-zero is true). */
    static boolean bool(JsonNode object, String key, boolean fallback) {
        JsonNode value = object.get(key);
        if (value == null) {
            return fallback;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0;
        }
        return fallback;
    }

    /** A bool read with {@code default_on_invalid}: only JSON {@code true} is true; a number or string is false. */
    static boolean strictBool(JsonNode object, String key) {
        JsonNode value = object.get(key);
        return value != null && value.isBoolean() && value.booleanValue();
    }

    static String string(JsonNode object, String key, String fallback) {
        JsonNode value = object.get(key);
        return value != null && value.isTextual() ? value.textValue() : fallback;
    }

    static List<Float> floats(JsonNode object, String key) {
        JsonNode value = object.get(key);
        List<Float> out = new ArrayList<>();
        if (value != null && value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isNumber()) {
                    return new ArrayList<>();
                }
                out.add(item.floatValue());
            }
        }
        return out;
    }

    /** The keys of {@code object} that are not {@code known}, as a JSON object's bytes; empty if none. */
    static byte[] otherBytes(ObjectNode object, Set<String> known) {
        ObjectNode other = MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (!known.contains(entry.getKey())) {
                other.set(entry.getKey(), entry.getValue());
            }
        }
        return other.isEmpty() ? new byte[0] : text(other).getBytes(StandardCharsets.UTF_8);
    }

    /** Adds the keys stored in {@code other} bytes to {@code object}, skipping any it already has. */
    static void mergeOther(ObjectNode object, byte[] other, Set<String> reserved) {
        if (other.length == 0) {
            return;
        }
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(other);
        } catch (IOException e) {
            return;
        }
        if (parsed == null || !parsed.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : parsed.properties()) {
            if (!reserved.contains(entry.getKey()) && !object.has(entry.getKey())) {
                object.set(entry.getKey(), entry.getValue());
            }
        }
    }
}
