package dev.deckhand.adapter.http;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The collection sync methods, by their names on the wire ({@code /sync/<name>}). */
enum SyncMethod {
    HOST_KEY("hostKey"),
    META("meta"),
    UPLOAD("upload"),
    DOWNLOAD("download"),
    ABORT("abort"),
    START("start"),
    APPLY_GRAVES("applyGraves"),
    APPLY_CHANGES("applyChanges"),
    CHUNK("chunk"),
    APPLY_CHUNK("applyChunk"),
    SANITY_CHECK("sanityCheck2"),
    FINISH("finish");

    private static final Map<String, SyncMethod> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(SyncMethod::wireName, Function.identity()));

    private final String wireName;

    SyncMethod(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static Optional<SyncMethod> fromWire(String name) {
        return Optional.ofNullable(name).map(BY_WIRE_NAME::get);
    }
}
