package dev.deckhand.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.ports.model.LegacyObject;
import dev.deckhand.ports.model.UnchunkedChanges;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code applyChanges} bodies: {@code {"models":[…],"decks":[[decks…],[deck configs…]],"tags":[…],
 * "conf"?:{…},"crt"?:n}}. Notetypes, decks and deck configs stay JSON text end to end; only the
 * fields the merge rules need are read out of them.
 */
final class WireChanges {

    private final ObjectMapper mapper;

    WireChanges(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    UnchunkedChanges parse(JsonNode changes) {
        if (changes == null || !changes.isObject()) {
            throw bad("\"changes\" must be an object");
        }
        JsonNode decksAndConfigs = changes.get("decks");
        if (decksAndConfigs == null || !decksAndConfigs.isArray() || decksAndConfigs.size() != 2) {
            throw bad("\"decks\" must be a pair [decks, deck configs]");
        }
        List<LegacyObject> notetypes = objects(changes.get("models"), "models", true);
        List<LegacyObject> decks = objects(decksAndConfigs.get(0), "decks", false);
        List<LegacyObject> deckConfigs = objects(decksAndConfigs.get(1), "deck configs", false);
        List<String> tags = tags(changes.get("tags"));
        Optional<Map<String, String>> config = Optional.empty();
        JsonNode conf = changes.get("conf");
        if (conf != null && !conf.isNull()) {
            if (!conf.isObject()) {
                throw bad("\"conf\" must be an object");
            }
            Map<String, String> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : conf.properties()) {
                entries.put(entry.getKey(), text(entry.getValue()));
            }
            config = Optional.of(entries);
        }
        OptionalLong creationStamp = OptionalLong.empty();
        JsonNode crt = changes.get("crt");
        if (crt != null && !crt.isNull()) {
            if (!crt.isIntegralNumber() || !crt.canConvertToLong()) {
                throw bad("\"crt\" must be an integer");
            }
            creationStamp = OptionalLong.of(crt.longValue());
        }
        return new UnchunkedChanges(notetypes, decks, deckConfigs, tags, config, creationStamp);
    }

    void write(JsonGenerator out, UnchunkedChanges changes) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("models");
        writeRaw(out, changes.notetypes());
        out.writeEndArray();
        out.writeArrayFieldStart("decks");
        out.writeStartArray();
        writeRaw(out, changes.decks());
        out.writeEndArray();
        out.writeStartArray();
        writeRaw(out, changes.deckConfigs());
        out.writeEndArray();
        out.writeEndArray();
        out.writeArrayFieldStart("tags");
        for (String tag : changes.tags()) {
            out.writeString(tag);
        }
        out.writeEndArray();
        if (changes.config().isPresent()) {
            out.writeObjectFieldStart("conf");
            for (Map.Entry<String, String> entry : changes.config().get().entrySet()) {
                out.writeFieldName(entry.getKey());
                out.writeRawValue(entry.getValue());
            }
            out.writeEndObject();
        }
        if (changes.creationStamp().isPresent()) {
            out.writeNumberField("crt", changes.creationStamp().getAsLong());
        }
        out.writeEndObject();
    }

    private List<LegacyObject> objects(JsonNode array, String what, boolean notetypes) {
        if (array == null || !array.isArray()) {
            throw bad("\"" + what + "\" must be an array");
        }
        List<LegacyObject> objects = new ArrayList<>(array.size());
        for (JsonNode object : array) {
            if (!object.isObject()) {
                throw bad("each of \"" + what + "\" must be an object");
            }
            JsonNode name = object.get("name");
            if (name == null || !name.isTextual()) {
                throw bad("each of \"" + what + "\" needs a \"name\" string");
            }
            int fields = notetypes ? arraySize(object, "flds", what) : 0;
            int templates = notetypes ? arraySize(object, "tmpls", what) : 0;
            try {
                objects.add(new LegacyObject(number(object, "id", what), number(object, "mod", what), usn(object, what),
                        name.textValue(), fields, templates, text(object)));
            } catch (IllegalArgumentException e) {
                throw bad("bad object in \"" + what + "\": " + e.getMessage());
            }
        }
        return objects;
    }

    /** Ids and modification times; legacy clients send some of them as numeric strings. */
    private static long number(JsonNode object, String field, String what) {
        JsonNode value = object.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value != null && value.isTextual()) {
            try {
                return Long.parseLong(value.textValue());
            } catch (NumberFormatException e) {
                throw bad("\"" + field + "\" of an object in \"" + what + "\" must be a number");
            }
        }
        throw bad("each of \"" + what + "\" needs \"" + field + "\" as a number");
    }

    private static int usn(JsonNode object, String what) {
        JsonNode value = object.get("usn");
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw bad("each of \"" + what + "\" needs \"usn\" as an integer");
        }
        return value.intValue();
    }

    private static int arraySize(JsonNode object, String field, String what) {
        JsonNode value = object.get(field);
        if (value == null || !value.isArray()) {
            throw bad("each of \"" + what + "\" needs \"" + field + "\" as an array");
        }
        return value.size();
    }

    private static List<String> tags(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw bad("\"tags\" must be an array of strings");
        }
        List<String> tags = new ArrayList<>(array.size());
        for (JsonNode tag : array) {
            if (!tag.isTextual() || tag.textValue().isBlank()) {
                throw bad("\"tags\" must be an array of non-empty strings");
            }
            tags.add(tag.textValue());
        }
        return tags;
    }

    private String text(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot re-serialise parsed JSON", e);
        }
    }

    private static void writeRaw(JsonGenerator out, List<LegacyObject> objects) throws IOException {
        for (LegacyObject object : objects) {
            out.writeRawValue(object.json());
        }
    }

    private static BadRequestException bad(String message) {
        return new BadRequestException("invalid json: " + message);
    }
}
