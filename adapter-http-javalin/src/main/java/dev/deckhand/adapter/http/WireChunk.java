package dev.deckhand.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.ports.model.Chunk;
import java.io.IOException;

/** A chunk of rows as {@code applyChunk} receives it and {@code chunk} sends it. */
final class WireChunk {

    private WireChunk() {}

    static Chunk read(JsonNode chunk) {
        if (chunk == null || !chunk.isObject()) {
            throw new BadRequestException("invalid json: \"chunk\" must be an object");
        }
        JsonNode done = chunk.get("done");
        if (done != null && !done.isBoolean()) {
            throw new BadRequestException("invalid json: \"done\" must be true or false");
        }
        return new Chunk(done != null && done.booleanValue(), WireRows.revlog(chunk.get("revlog")), WireRows.cards(chunk.get("cards")),
                WireRows.notes(chunk.get("notes")));
    }

    /** Empty row lists are left out, as Anki's own server does; {@code done} is always there. */
    static void write(JsonGenerator out, Chunk chunk) throws IOException {
        out.writeStartObject();
        out.writeBooleanField("done", chunk.done());
        if (!chunk.revlog().isEmpty()) {
            out.writeArrayFieldStart("revlog");
            for (var row : chunk.revlog()) {
                WireRows.writeRevlog(out, row);
            }
            out.writeEndArray();
        }
        if (!chunk.cards().isEmpty()) {
            out.writeArrayFieldStart("cards");
            for (var row : chunk.cards()) {
                WireRows.writeCard(out, row);
            }
            out.writeEndArray();
        }
        if (!chunk.notes().isEmpty()) {
            out.writeArrayFieldStart("notes");
            for (var row : chunk.notes()) {
                WireRows.writeNote(out, row);
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }
}
