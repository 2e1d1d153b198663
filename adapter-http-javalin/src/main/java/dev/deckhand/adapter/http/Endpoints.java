package dev.deckhand.adapter.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint label of a request's metrics: the route template it matched, with the sync method
 * resolved from a fixed list. A path a client chose never becomes a label value, so no client can
 * make the number of series grow: an unknown sync method, an unmatched path or anything not
 * registered as a route is {@link #OTHER}.
 */
final class Endpoints {

    static final String OTHER = "other";
    static final Set<String> MEDIA_METHODS = Set.of("begin", "mediaChanges", "uploadChanges", "downloadFiles", "mediaSanity");

    private final Set<String> routes = ConcurrentHashMap.newKeySet();

    /** A route template the server registered, such as {@code /api/v1/decks/{deck}/role}. */
    void registered(String route) {
        routes.add(route);
    }

    /** The label for a request that matched {@code route} (null or empty if none) with {@code method} in its path. */
    String of(String route, String method) {
        if (route == null || !routes.contains(route)) {
            return OTHER;
        }
        return switch (route) {
            case "/sync/{method}" -> SyncMethod.fromWire(method).map(m -> "/sync/" + m.wireName()).orElse("/sync/" + OTHER);
            case "/msync/{method}" -> MEDIA_METHODS.contains(method) ? "/msync/" + method : "/msync/" + OTHER;
            default -> route;
        };
    }
}
