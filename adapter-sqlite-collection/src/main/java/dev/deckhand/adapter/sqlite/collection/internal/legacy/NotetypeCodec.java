package dev.deckhand.adapter.sqlite.collection.internal.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Notetypes: legacy JSON ({@code flds}, {@code tmpls}, {@code req}, …) to and from
 * {@code Notetype.Config}, {@code Field.Config} and {@code Template.Config} blobs.
 */
public final class NotetypeCodec {

    private static final Set<String> NOTETYPE_KEYS = Set.of("id", "name", "type", "mod", "usn", "sortf", "did", "tmpls", "flds",
            "css", "latexPre", "latexPost", "latexsvg", "req", "originalStockKind", "originalId");
    private static final Set<String> FIELD_KEYS = Set.of("name", "ord", "sticky", "rtl", "font", "size", "description", "plainText",
            "collapsed", "excludeFromSearch", "id", "tag", "preventDeletion");
    private static final Set<String> TEMPLATE_KEYS = Set.of("name", "ord", "qfmt", "afmt", "bqfmt", "bafmt", "did", "bfont", "bsize", "id");
    private static final String[] REQUIREMENT_KINDS = {"none", "any", "all"};

    private NotetypeCodec() {}

    public static NotetypeRows toRows(String legacyJson, String name) {
        ObjectNode nt = Json.object(legacyJson);
        List<NotetypeRows.FieldRow> fields = new ArrayList<>();
        JsonNode flds = nt.get("flds");
        if (flds != null && flds.isArray()) {
            for (JsonNode field : flds) {
                fields.add(new NotetypeRows.FieldRow(fields.size(), Json.string(field, "name", ""), fieldConfig((ObjectNode) field)));
            }
        }
        List<NotetypeRows.TemplateRow> templates = new ArrayList<>();
        JsonNode tmpls = nt.get("tmpls");
        if (tmpls != null && tmpls.isArray()) {
            for (JsonNode template : tmpls) {
                templates.add(new NotetypeRows.TemplateRow(templates.size(), Json.string(template, "name", ""), 0, 0,
                        templateConfig((ObjectNode) template)));
            }
        }
        ProtoWriter config = new ProtoWriter()
                .varint(1, Json.integer(nt, "type", 0) == 1 ? 1 : 0)
                .varint(2, Json.integer(nt, "sortf", 0))
                .string(3, Json.string(nt, "css", ""))
                .varint(4, deckId(nt))
                .string(5, Json.string(nt, "latexPre", ""))
                .string(6, Json.string(nt, "latexPost", ""))
                .bool(7, Json.strictBool(nt, "latexsvg"));
        JsonNode req = nt.get("req");
        if (req != null && req.isArray()) {
            for (JsonNode requirement : req) {
                config.message(8, requirement(requirement));
            }
        }
        config.varint(9, Json.integer(nt, "originalStockKind", 0));
        Long originalId = Json.optionalInteger(nt, "originalId");
        if (originalId != null) {
            config.presentVarint(10, originalId);
        }
        config.bytes(255, Json.otherBytes(nt, NOTETYPE_KEYS));
        return new NotetypeRows(Json.integer(nt, "id", 0), name, Json.integer(nt, "mod", 0), (int) Json.integer(nt, "usn", 0),
                config.toByteArray(), fields, templates);
    }

    public static String toJson(NotetypeRows rows) {
        ProtoMessage config = ProtoMessage.parse(rows.config());
        ObjectNode nt = Json.newObject();
        nt.put("id", rows.id());
        nt.put("name", rows.name());
        nt.put("type", config.varint(1) == 1 ? 1 : 0);
        nt.put("mod", rows.mtimeSecs());
        nt.put("usn", rows.usn());
        nt.put("sortf", config.varint(2));
        long deck = config.varint(4);
        if (deck == 0) {
            nt.putNull("did");
        } else {
            nt.put("did", deck);
        }
        ArrayNode tmpls = nt.putArray("tmpls");
        for (NotetypeRows.TemplateRow template : rows.templates()) {
            tmpls.add(templateJson(template));
        }
        ArrayNode flds = nt.putArray("flds");
        for (NotetypeRows.FieldRow field : rows.fields()) {
            flds.add(fieldJson(field));
        }
        nt.put("css", config.string(3));
        nt.put("latexPre", config.string(5));
        nt.put("latexPost", config.string(6));
        nt.put("latexsvg", config.bool(7));
        ArrayNode req = nt.putArray("req");
        for (ProtoMessage requirement : config.messages(8)) {
            ArrayNode entry = req.addArray();
            entry.add(requirement.varint(1));
            long kind = requirement.varint(2);
            entry.add(kind >= 0 && kind < REQUIREMENT_KINDS.length ? REQUIREMENT_KINDS[(int) kind] : "none");
            ArrayNode ords = entry.addArray();
            requirement.varints(3).forEach(ords::add);
        }
        if (config.varint(9) != 0) {
            nt.put("originalStockKind", config.varint(9));
        }
        if (config.has(10)) {
            nt.put("originalId", config.varint(10));
        }
        Json.mergeOther(nt, config.bytes(255), NOTETYPE_KEYS);
        return Json.text(nt);
    }

    /** The index of the sort field stored in a {@code Notetype.Config} blob. */
    public static int sortFieldIndex(byte[] config) {
        return (int) ProtoMessage.parse(config).varint(2);
    }

    private static ProtoWriter requirement(JsonNode requirement) {
        ProtoWriter out = new ProtoWriter();
        if (!requirement.isArray() || requirement.size() != 3) {
            return out;
        }
        out.varint(1, requirement.get(0).asLong());
        String kind = requirement.get(1).asText();
        out.varint(2, "any".equals(kind) ? 1 : "all".equals(kind) ? 2 : 0);
        List<Long> ords = new ArrayList<>();
        requirement.get(2).forEach(ord -> ords.add(ord.asLong()));
        return out.packedVarints(3, ords);
    }

    private static byte[] fieldConfig(ObjectNode field) {
        ProtoWriter config = new ProtoWriter()
                .bool(1, Json.bool(field, "sticky", false))
                .bool(2, Json.bool(field, "rtl", false))
                .string(3, Json.string(field, "font", "Arial"))
                .varint(4, Json.integer(field, "size", 20))
                .string(5, Json.string(field, "description", ""))
                .bool(6, Json.strictBool(field, "plainText"))
                .bool(7, Json.strictBool(field, "collapsed"))
                .bool(8, Json.strictBool(field, "excludeFromSearch"));
        Long id = Json.optionalInteger(field, "id");
        if (id != null) {
            config.presentVarint(9, id);
        }
        Long tag = Json.optionalInteger(field, "tag");
        if (tag != null) {
            config.presentVarint(10, tag);
        }
        return config.bool(11, Json.strictBool(field, "preventDeletion")).bytes(255, Json.otherBytes(field, FIELD_KEYS)).toByteArray();
    }

    private static ObjectNode fieldJson(NotetypeRows.FieldRow row) {
        ProtoMessage config = ProtoMessage.parse(row.config());
        ObjectNode field = Json.newObject();
        field.put("name", row.name());
        field.put("ord", row.ordinal());
        field.put("sticky", config.bool(1));
        field.put("rtl", config.bool(2));
        field.put("font", config.string(3));
        field.put("size", config.varint(4));
        field.put("description", config.string(5));
        field.put("plainText", config.bool(6));
        field.put("collapsed", config.bool(7));
        field.put("excludeFromSearch", config.bool(8));
        putOptional(field, "id", config, 9);
        putOptional(field, "tag", config, 10);
        field.put("preventDeletion", config.bool(11));
        Json.mergeOther(field, config.bytes(255), FIELD_KEYS);
        return field;
    }

    private static byte[] templateConfig(ObjectNode template) {
        ProtoWriter config = new ProtoWriter()
                .string(1, Json.string(template, "qfmt", ""))
                .string(2, Json.string(template, "afmt", ""))
                .string(3, Json.string(template, "bqfmt", ""))
                .string(4, Json.string(template, "bafmt", ""))
                .varint(5, deckId(template))
                .string(6, Json.string(template, "bfont", ""))
                .varint(7, Json.integer(template, "bsize", 0));
        Long id = Json.optionalInteger(template, "id");
        if (id != null) {
            config.presentVarint(8, id);
        }
        return config.bytes(255, Json.otherBytes(template, TEMPLATE_KEYS)).toByteArray();
    }

    private static ObjectNode templateJson(NotetypeRows.TemplateRow row) {
        ProtoMessage config = ProtoMessage.parse(row.config());
        ObjectNode template = Json.newObject();
        template.put("name", row.name());
        template.put("ord", row.ordinal());
        template.put("qfmt", config.string(1));
        template.put("afmt", config.string(2));
        template.put("bqfmt", config.string(3));
        template.put("bafmt", config.string(4));
        long deck = config.varint(5);
        if (deck <= 0) {
            template.putNull("did");
        } else {
            template.put("did", deck);
        }
        template.put("bfont", config.string(6));
        template.put("bsize", config.varint(7));
        putOptional(template, "id", config, 8);
        Json.mergeOther(template, config.bytes(255), TEMPLATE_KEYS);
        return template;
    }

    /** A deck override: Anki takes only a JSON integer, anything else (such as a numeric string) as none. */
    private static long deckId(JsonNode object) {
        Long deck = Json.optionalInteger(object, "did");
        return deck == null ? 0 : deck;
    }

    private static void putOptional(ObjectNode object, String key, ProtoMessage config, int number) {
        if (config.has(number)) {
            object.put(key, config.varint(number));
        } else {
            object.putNull(key);
        }
    }
}
