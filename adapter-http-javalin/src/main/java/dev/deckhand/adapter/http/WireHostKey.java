package dev.deckhand.adapter.http;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code /sync/hostKey} response. */
record WireHostKey(@JsonProperty("key") String key) {
    @Override
    public String toString() {
        return "WireHostKey[redacted]";
    }
}
