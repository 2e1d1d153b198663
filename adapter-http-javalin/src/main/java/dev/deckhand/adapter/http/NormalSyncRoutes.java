package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.ports.in.NormalSync;
import dev.deckhand.ports.in.SanityOutcome;
import dev.deckhand.ports.model.Chunk;
import dev.deckhand.ports.model.Graves;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.UserId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The stateful steps of a normal sync: {@code start}, {@code applyGraves}, {@code applyChanges},
 * {@code chunk}, {@code applyChunk}, {@code sanityCheck2}, {@code finish}. Each turns a parsed body
 * into one {@link NormalSync} call and returns the response payload.
 */
final class NormalSyncRoutes {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final NormalSync sync;
    private final SyncJson json;
    private final WireChanges changes;

    NormalSyncRoutes(NormalSync sync, SyncJson json) {
        this.sync = Objects.requireNonNull(sync, "sync");
        this.json = Objects.requireNonNull(json, "json");
        this.changes = new WireChanges(json.mapper());
    }

    byte[] handle(SyncMethod method, UserId user, SessionKey session, byte[] body) {
        if (session.isEmpty()) {
            throw new BadRequestException("missing session key (\"s\" in the anki-sync header)");
        }
        try {
            return dispatch(method, user, session, body);
        } catch (BadRequestException e) {
            // As on the official server, a request that cannot be read ends the session it belongs to.
            if (method != SyncMethod.START) {
                sync.abandon(user, session, e.getMessage());
            }
            throw e;
        }
    }

    private byte[] dispatch(SyncMethod method, UserId user, SessionKey session, byte[] body) {
        switch (method) {
            case START:
                return start(user, session, json.parseObject(body));
            case APPLY_GRAVES:
                sync.applyGraves(user, session, WireRows.graves(json.parseObject(body).get("chunk"), "chunk"));
                return NULL;
            case APPLY_CHANGES: {
                var serverChanges = sync.applyChanges(user, session, changes.parse(json.parseObject(body).get("changes")));
                return json.write(out -> changes.write(out, serverChanges));
            }
            case CHUNK:
                json.requireEmptyObject(body);
                Chunk chunk = sync.chunk(user, session);
                return json.write(out -> WireChunk.write(out, chunk));
            case APPLY_CHUNK:
                sync.applyChunk(user, session, WireChunk.read(json.parseObject(body).get("chunk")));
                return NULL;
            case SANITY_CHECK:
                return writeSanity(sync.sanityCheck(user, session, WireRows.sanityCounts(json.parseObject(body).get("client"))));
            case FINISH:
                json.requireEmptyObject(body);
                return Long.toString(sync.finish(user, session)).getBytes(StandardCharsets.US_ASCII);
            default:
                throw new AssertionError(method);
        }
    }

    private byte[] start(UserId user, SessionKey session, JsonNode request) {
        int clientUsn = SyncJson.requiredInt(request, "minUsn");
        JsonNode lnewer = request.get("lnewer");
        if (lnewer == null || !lnewer.isBoolean()) {
            throw new BadRequestException("invalid json: \"lnewer\" must be true or false");
        }
        JsonNode graves = request.get("graves");
        Optional<Graves> legacyGraves = graves == null || graves.isNull() ? Optional.empty() : Optional.of(WireRows.graves(graves, "graves"));
        Graves serverGraves = sync.start(user, session, clientUsn, lnewer.booleanValue(), legacyGraves);
        return json.write(out -> WireRows.writeGraves(out, serverGraves));
    }

    private byte[] writeSanity(SanityOutcome outcome) {
        return json.write(out -> {
            out.writeStartObject();
            out.writeStringField("status", outcome.matches() ? "ok" : "bad");
            out.writeFieldName("c");
            WireRows.writeSanityCounts(out, outcome.client());
            out.writeFieldName("s");
            if (outcome.server().isPresent()) {
                WireRows.writeSanityCounts(out, outcome.server().get());
            } else {
                out.writeNull();
            }
            out.writeEndObject();
        });
    }
}
