package dev.deckhand.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * JSON bodies of the sync protocol. Requests are read as trees and checked field by field, so a
 * wrong type gets a message naming the field; numbers are never coerced from strings.
 */
final class SyncJson {

    /**
     * Floats are read as exact decimals so that values inside notetypes, decks and config go back
     * out with the digits they came with ({@code 0.9} never becomes {@code 0.8999999761581421}).
     * One mapper for every server in the process: it caches the serializer it builds for each
     * response type, so the start-up warm-up's throw-away server builds them for the real one.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    ObjectMapper mapper() {
        return MAPPER;
    }

    JsonNode parseObject(byte[] body) {
        JsonNode node = readTree(MAPPER, body, "invalid json");
        if (node == null || !node.isObject()) {
            throw new BadRequestException("invalid json: expected an object");
        }
        return node;
    }

    /**
     * Reads JSON text of any shape; malformed text is a {@link BadRequestException} whose message
     * starts with {@code what}. Besides its own exceptions, Jackson throws a bare
     * {@link NumberFormatException} for a float whose exponent does not fit a BigDecimal
     * ({@code 1e9999999999}), which this mapper builds for every float.
     */
    static JsonNode readTree(ObjectMapper mapper, byte[] json, String what) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(what + ": " + e.getOriginalMessage());
        } catch (IOException | NumberFormatException e) {
            throw new BadRequestException(what + ": " + e.getMessage());
        }
    }

    /**
     * Methods without arguments send an object with no keys but {@code _pad}: Anki's client encodes
     * its empty input as {@code {"_pad":null}} so that it is not serialised as {@code null}.
     */
    void requireEmptyObject(byte[] body) {
        JsonNode object = parseObject(body);
        for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
            if (!"_pad".equals(keys.next())) {
                throw new BadRequestException("invalid json: this method takes no arguments, expected {}");
            }
        }
    }

    static String requiredString(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual()) {
            throw new BadRequestException("invalid json: \"" + field + "\" must be a string");
        }
        return value.textValue();
    }

    static int requiredInt(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new BadRequestException("invalid json: \"" + field + "\" must be an integer");
        }
        return value.intValue();
    }

    /** Writes a response with a streaming generator (for raw JSON passthrough). */
    byte[] write(JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
            writer.write(generator);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a response", e);
        }
        return out.toByteArray();
    }

    /** Something that writes one JSON value. */
    interface JsonWriter {
        void write(JsonGenerator out) throws IOException;
    }

    byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
