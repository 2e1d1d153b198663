package dev.deckhand.media.shared;

import dev.deckhand.ports.model.Sha256;
import java.util.UUID;

/** Where things live in the object store; never derived from anything a client chose. */
final class ObjectKeys {

    static final String STORED = "media/";
    static final String STAGED = "incoming/";

    private ObjectKeys() {}

    static String stored(Sha256 sha256) {
        return STORED + sha256.hex().substring(0, 2) + "/" + sha256.hex();
    }

    static String staged(UUID ticket) {
        return STAGED + ticket;
    }
}
