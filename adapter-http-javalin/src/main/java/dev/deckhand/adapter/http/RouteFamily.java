package dev.deckhand.adapter.http;

/**
 * The kinds of client the server answers, told apart by path. A failure is answered the way its
 * family's clients understand it (see {@link HttpErrors}).
 */
enum RouteFamily {
    /** {@code /sync/*} and {@code /msync/*}: the official Anki clients, which act on the status alone. */
    ANKI_SYNC,
    /** {@code /api/v1/*}: programs and the {@code /manage} page, which read problem details. */
    API,
    /** {@code /admin/api/*}: the administrators' dashboard. */
    ADMIN_API,
    /** {@code /cluster/v1/*}: the other nodes of a cluster, answered as the admin API in a realm of their own. */
    CLUSTER,
    /** Everything else: {@code /health}, {@code /ready}, {@code /metrics} and the web pages. */
    OTHER;

    static RouteFamily of(String path) {
        if (path.startsWith("/sync/") || path.startsWith("/msync/")) {
            return ANKI_SYNC;
        }
        if (path.equals("/api/v1") || path.startsWith("/api/v1/")) {
            return API;
        }
        if (path.startsWith("/admin/api/")) {
            return ADMIN_API;
        }
        if (path.startsWith("/cluster/v1/")) {
            return CLUSTER;
        }
        return OTHER;
    }
}
