package dev.deckhand.sync.meta;

import dev.deckhand.ports.in.MetaOutcome;
import dev.deckhand.ports.in.MetaRequest;
import dev.deckhand.ports.model.CollectionState;
import dev.deckhand.sync.SyncLimits;
import java.time.Clock;
import java.util.Objects;

/**
 * Builds the server's side of {@code /sync/meta}. The client makes the decision (no changes, normal
 * or full sync) by comparing these values with its own collection.
 */
public final class MetaStep {

    static final String LEGACY_CLIENT_MESSAGE =
            "This server speaks the sync protocol of Anki 2.1.57 and later. Please update Anki to sync with it.";

    private final SyncLimits limits;
    private final Clock clock;

    public MetaStep(SyncLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param state the user's stored collection
     * @param mediaUsn the user's media USN (required by clients since 23.10)
     */
    public MetaOutcome answer(MetaRequest request, CollectionState state, int mediaUsn) {
        if (!request.version().isKnown()) {
            // Clients map 501 to "your Anki is too old"; the official server answers unknown versions so.
            return new MetaOutcome.ClientTooOld("unsupported sync version " + request.version().value());
        }
        long now = clock.millis();
        boolean proceed = request.version().isDirectPost();
        // A collection too large to upload again must not grow through normal syncs either: a
        // changed scm makes the client choose a one-way sync.
        long schema = state.sizeBytes() >= limits.maxCollectionBytes() ? now : state.schemaMillis();
        return new MetaOutcome.SyncMeta(
                state.modifiedMillis(),
                schema,
                state.usn(),
                now / 1000,
                proceed ? "" : LEGACY_CLIENT_MESSAGE,
                proceed,
                !state.hasCards(),
                mediaUsn);
    }
}
