package dev.deckhand.media.planted;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Planted violation: a core using a library other than SLF4J. */
public final class CoreUsingJackson {
    public Object mapper() {
        return new ObjectMapper();
    }
}
