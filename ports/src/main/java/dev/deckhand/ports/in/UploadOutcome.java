package dev.deckhand.ports.in;

import java.util.Objects;

/** What became of a full upload. */
public sealed interface UploadOutcome {

    /** The upload replaced the stored collection. */
    record UploadAccepted() implements UploadOutcome {}

    /**
     * The file was received but refused; the stored collection is untouched. Clients display
     * {@code clientMessage} verbatim.
     */
    record UploadRefused(String clientMessage, String detail) implements UploadOutcome {
        public UploadRefused {
            Objects.requireNonNull(clientMessage, "clientMessage");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The request body itself could not be read to its end (truncated, broken compression). */
    record UploadBodyUnreadable(String detail) implements UploadOutcome {
        public UploadBodyUnreadable {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
