package dev.deckhand.media.shared;

import dev.deckhand.ports.model.Sha256;
import java.util.List;
import java.util.UUID;

/** Where things live in the object store; never derived from anything a client chose. */
public final class ObjectKeys {

    static final String STORED = "media/";
    static final String STAGED = "incoming/";
    /** The folders under the store's key prefix that the service writes and its housekeeping sweeps. */
    public static final List<String> FOLDERS = List.of(STORED, STAGED);

    private ObjectKeys() {}

    static String stored(Sha256 sha256) {
        return STORED + sha256.hex().substring(0, 2) + "/" + sha256.hex();
    }

    static String staged(UUID ticket) {
        return STAGED + ticket;
    }
}
