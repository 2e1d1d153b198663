package dev.deckhand.adapter.http;

import java.util.Optional;
import java.util.Set;

/**
 * A sync, as one request decides it, for the {@code deckhand_syncs} counter: a full upload or
 * download by itself; a normal sync by {@code finish} or by its first failing step; a media sync by
 * {@code mediaSanity} (which the client sends whenever a media sync transferred anything) or by its
 * first failing step.
 *
 * @param kind {@code normal}, {@code full_upload}, {@code full_download} or {@code media}
 * @param outcome {@code ok}, {@code conflict} (409), {@code refused} (a full upload the protocol
 *     refuses) or {@code failed}
 */
record DecidedSync(String kind, String outcome) {

    private static final Set<String> NORMAL_STEPS = Set.of("/sync/start", "/sync/applyGraves", "/sync/applyChanges",
            "/sync/chunk", "/sync/applyChunk", "/sync/sanityCheck2", "/sync/finish");
    private static final String MEDIA_PREFIX = "/msync/";

    /**
     * The sync a request to {@code endpoint} decided, if it decided one. {@code refused}: it was
     * answered 200 with a refusal or a mismatch that the client shows as an error.
     */
    static Optional<DecidedSync> of(String endpoint, int status, boolean refused) {
        boolean bad = status >= 300 || refused;
        String kind;
        if (endpoint.equals("/sync/upload")) {
            kind = "full_upload";
        } else if (endpoint.equals("/sync/download")) {
            kind = "full_download";
        } else if (endpoint.equals("/sync/finish") || (bad && NORMAL_STEPS.contains(endpoint))) {
            kind = "normal";
        } else if (endpoint.equals("/msync/mediaSanity") || (bad && isMediaStep(endpoint))) {
            kind = "media";
        } else {
            return Optional.empty();
        }
        return Optional.of(new DecidedSync(kind, outcome(endpoint, status, refused)));
    }

    private static boolean isMediaStep(String endpoint) {
        return endpoint.startsWith(MEDIA_PREFIX) && Endpoints.MEDIA_METHODS.contains(endpoint.substring(MEDIA_PREFIX.length()));
    }

    private static String outcome(String endpoint, int status, boolean refused) {
        if (status == 409) {
            return "conflict";
        } else if (status >= 300) {
            return "failed";
        } else if (refused) {
            return endpoint.equals("/sync/upload") ? "refused" : "failed";
        }
        return "ok";
    }
}
