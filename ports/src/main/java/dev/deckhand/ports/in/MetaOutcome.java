package dev.deckhand.ports.in;

import java.net.URI;
import java.util.Objects;

/** The answer to {@code /sync/meta}. */
public sealed interface MetaOutcome {

    /**
     * The server's side of the comparison. Field meanings follow the protocol's {@code SyncMeta}.
     *
     * @param modifiedMillis collection {@code mod}
     * @param schemaMillis collection {@code scm}
     * @param usn collection {@code usn}
     * @param serverTimeSeconds server clock, checked by the client for skew
     * @param message text shown to the user; empty for none
     * @param proceed false stops the client with {@code message}
     * @param empty true when the server collection has no cards
     * @param mediaUsn the user's media USN
     */
    record SyncMeta(
            long modifiedMillis,
            long schemaMillis,
            int usn,
            long serverTimeSeconds,
            String message,
            boolean proceed,
            boolean empty,
            int mediaUsn)
            implements MetaOutcome {
        public SyncMeta {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The user's collection lives on another node: the client repeats {@code meta} at that base URL
     * and syncs there from then on (Anki keeps it as its new endpoint).
     */
    record Redirect(URI node) implements MetaOutcome {
        public Redirect {
            Objects.requireNonNull(node, "node");
        }
    }

    /** The client speaks a protocol this server does not; clients show "your Anki is too old". */
    record ClientTooOld(String reason) implements MetaOutcome {
        public ClientTooOld {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
