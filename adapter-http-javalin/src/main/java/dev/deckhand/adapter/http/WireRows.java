package dev.deckhand.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.ports.model.CardRow;
import dev.deckhand.ports.model.Graves;
import dev.deckhand.ports.model.NoteRow;
import dev.deckhand.ports.model.RevlogRow;
import dev.deckhand.ports.model.SanityCounts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The positional arrays of the sync protocol: revlog (9 items), card (18) and note (11) rows, graves
 * and sanity counts. Parsing follows what Anki's server accepts, including the leniencies old
 * clients need: ids as numeric strings in graves, and floats where integers belong in some columns
 * (truncated, as Anki does).
 */
final class WireRows {

    private WireRows() {}

    static Graves graves(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw bad(where + " must be an object with cards, notes and decks");
        }
        return new Graves(ids(node.get("cards"), where + ".cards"), ids(node.get("notes"), where + ".notes"),
                ids(node.get("decks"), where + ".decks"));
    }

    static void writeGraves(JsonGenerator out, Graves graves) throws IOException {
        out.writeStartObject();
        writeIds(out, "cards", graves.cards());
        writeIds(out, "decks", graves.decks());
        writeIds(out, "notes", graves.notes());
        out.writeEndObject();
    }

    static List<RevlogRow> revlog(JsonNode rows) {
        return rows(rows, "revlog", 9, row -> new RevlogRow(
                integer(row, 0), integer(row, 1), (int) integer(row, 2), (int) integer(row, 3),
                (int) truncated(row, 4), (int) truncated(row, 5), truncated(row, 6), truncated(row, 7),
                revlogType(integer(row, 8))));
    }

    static List<CardRow> cards(JsonNode rows) {
        return rows(rows, "cards", 18, row -> new CardRow(
                integer(row, 0), integer(row, 1), integer(row, 2), (int) integer(row, 3), truncated(row, 4),
                (int) integer(row, 5), (int) integer(row, 6), (int) integer(row, 7), (int) truncated(row, 8),
                Math.max(0, truncated(row, 9)), (int) integer(row, 10), integer(row, 11), integer(row, 12),
                integer(row, 13), (int) truncated(row, 14), integer(row, 15), (int) integer(row, 16), text(row, 17)));
    }

    static List<NoteRow> notes(JsonNode rows) {
        return rows(rows, "notes", 11, row -> new NoteRow(
                integer(row, 0), text(row, 1), integer(row, 2), integer(row, 3), (int) integer(row, 4), text(row, 5),
                text(row, 6)));
    }

    static void writeRevlog(JsonGenerator out, RevlogRow r) throws IOException {
        out.writeStartArray();
        for (long v : new long[] {r.id(), r.cardId(), r.usn(), r.ease(), r.interval(), r.lastInterval(), r.factor(), r.timeMillis(), r.type()}) {
            out.writeNumber(v);
        }
        out.writeEndArray();
    }

    static void writeCard(JsonGenerator out, CardRow c) throws IOException {
        out.writeStartArray();
        for (long v : new long[] {c.id(), c.noteId(), c.deckId(), c.ordinal(), c.mtimeSecs(), c.usn(), c.type(), c.queue(),
            c.due(), c.interval(), c.easeFactor(), c.reps(), c.lapses(), c.left(), c.originalDue(), c.originalDeckId(), c.flags()}) {
            out.writeNumber(v);
        }
        out.writeString(c.data());
        out.writeEndArray();
    }

    /** Notes go out with an empty sort field and checksum, flags 0 and empty data; the receiver recomputes them. */
    static void writeNote(JsonGenerator out, NoteRow n) throws IOException {
        out.writeStartArray();
        out.writeNumber(n.id());
        out.writeString(n.guid());
        out.writeNumber(n.notetypeId());
        out.writeNumber(n.mtimeSecs());
        out.writeNumber(n.usn());
        out.writeString(n.tags());
        out.writeString(n.fields());
        out.writeString("");
        out.writeString("");
        out.writeNumber(0);
        out.writeString("");
        out.writeEndArray();
    }

    /** {@code [[new, learn, review], cards, notes, revlog, graves, notetypes, decks, deckConfigs]}. */
    static SanityCounts sanityCounts(JsonNode node) {
        if (node == null || !node.isArray() || node.size() != 8 || !node.get(0).isArray()) {
            throw bad("\"client\" must be [[new, learn, review], cards, notes, revlog, graves, models, decks, dconf]");
        }
        return new SanityCounts(count(node, 1), count(node, 2), count(node, 3), count(node, 5), count(node, 6), count(node, 7));
    }

    /** Counts go back with zeroed due counts and graves, which are not compared. */
    static void writeSanityCounts(JsonGenerator out, SanityCounts s) throws IOException {
        out.writeStartArray();
        out.writeStartArray();
        out.writeNumber(0);
        out.writeNumber(0);
        out.writeNumber(0);
        out.writeEndArray();
        for (long v : new long[] {s.cards(), s.notes(), s.revlog(), 0, s.notetypes(), s.decks(), s.deckConfigs()}) {
            out.writeNumber(v);
        }
        out.writeEndArray();
    }

    private static <T> List<T> rows(JsonNode rows, String name, int width, Function<JsonNode, T> parse) {
        if (rows == null || rows.isNull()) {
            return List.of();
        }
        if (!rows.isArray()) {
            throw bad("\"" + name + "\" must be an array of rows");
        }
        List<T> parsed = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            if (!row.isArray() || row.size() != width) {
                throw bad("each of \"" + name + "\" must be an array of " + width + " values, got " + (row.isArray() ? row.size() + " values" : row.getNodeType()));
            }
            try {
                parsed.add(parse.apply(row));
            } catch (IllegalArgumentException e) {
                throw bad("bad row in \"" + name + "\": " + e.getMessage());
            }
        }
        return parsed;
    }

    private static List<Long> ids(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw bad("\"" + where + "\" must be an array of ids");
        }
        List<Long> ids = new ArrayList<>(node.size());
        for (JsonNode id : node) {
            if (id.isIntegralNumber() && id.canConvertToLong()) {
                ids.add(id.longValue());
            } else if (id.isTextual()) {
                // Old AnkiMobile sends grave ids as strings.
                try {
                    ids.add(Long.parseLong(id.textValue()));
                } catch (NumberFormatException e) {
                    throw bad("\"" + where + "\" holds a non-numeric id");
                }
            } else {
                throw bad("\"" + where + "\" holds a non-numeric id");
            }
        }
        return ids;
    }

    private static void writeIds(JsonGenerator out, String field, List<Long> ids) throws IOException {
        out.writeArrayFieldStart(field);
        for (long id : ids) {
            out.writeNumber(id);
        }
        out.writeEndArray();
    }

    private static long integer(JsonNode row, int index) {
        JsonNode value = row.get(index);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("value " + index + " must be an integer");
        }
        return value.longValue();
    }

    /** Integers that some clients send as floats; truncated toward zero. */
    private static long truncated(JsonNode row, int index) {
        JsonNode value = row.get(index);
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isFloatingPointNumber() && Double.isFinite(value.doubleValue()) && Math.abs(value.doubleValue()) < 9e18) {
            return (long) value.doubleValue();
        }
        throw new IllegalArgumentException("value " + index + " must be a number");
    }

    private static String text(JsonNode row, int index) {
        JsonNode value = row.get(index);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("value " + index + " must be a string");
        }
        return value.textValue();
    }

    private static long count(JsonNode counts, int index) {
        JsonNode value = counts.get(index);
        if (!value.isIntegralNumber() || value.longValue() < 0) {
            throw bad("sanity counts must be non-negative integers");
        }
        return value.longValue();
    }

    /** Review types Anki knows are 0 to 5; anything else is stored as 0, as Anki does. */
    private static int revlogType(long type) {
        return type >= 0 && type <= 5 ? (int) type : 0;
    }

    private static BadRequestException bad(String message) {
        return new BadRequestException("invalid json: " + message);
    }
}
