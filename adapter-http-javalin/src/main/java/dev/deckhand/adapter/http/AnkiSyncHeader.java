package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.SyncVersion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code anki-sync} request header: {@code {"v":11,"k":"<host key>","c":"<client>","s":"<session>"}}.
 * All four keys are required, with exactly these types, as the official server requires them.
 */
record AnkiSyncHeader(SyncVersion version, String hostKey, String client, SessionKey session) {

    static final String NAME = "anki-sync";
    /** Far above any real header; keeps a hostile one from costing anything to parse. */
    private static final int MAX_LENGTH = 2048;

    static AnkiSyncHeader parse(String raw, ObjectMapper json) {
        if (raw == null) {
            throw new BadRequestException("missing anki-sync header; Deckhand serves Anki 2.1.57 and later "
                    + "(older clients send multipart requests, which are not supported)");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new BadRequestException("anki-sync header is too long");
        }
        JsonNode node = SyncJson.readTree(json, raw.getBytes(StandardCharsets.UTF_8), "anki-sync header is not JSON");
        if (node == null || !node.isObject()) {
            throw new BadRequestException("anki-sync header must be a JSON object");
        }
        JsonNode v = node.get("v");
        // canConvertToInt first: a larger integer would wrap around (2^64 + 11 reads as 11).
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() > 255) {
            throw new BadRequestException("anki-sync header needs \"v\", the sync version, as a small integer");
        }
        SyncVersion version = new SyncVersion(v.intValue());
        if (!version.isKnown()) {
            throw new BadRequestException("unsupported sync version: " + version.value());
        }
        String k = text(node, "k");
        String c = text(node, "c");
        String s = text(node, "s");
        if (s.length() > SessionKey.MAX_LENGTH) {
            throw new BadRequestException("session key is too long");
        }
        return new AnkiSyncHeader(version, k, c, new SessionKey(s));
    }

    /** The host key, unless the client sent an empty or absurdly long one. */
    Optional<HostKey> presentedKey() {
        if (hostKey.isEmpty() || hostKey.length() > HostKey.MAX_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new HostKey(hostKey));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new BadRequestException("anki-sync header needs \"" + field + "\" as a string");
        }
        return value.textValue();
    }
}
