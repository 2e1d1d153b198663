package dev.deckhand.app;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a parse of the settings looked at: every name it read, in order, which of them hold secrets,
 * and the value it fell back to for an unset one when it knows it. {@code deckhand config check}
 * prints the effective configuration from this, so the parser that starts the server is the only
 * one, and a setting it never reads shows up as unused.
 */
final class SettingsReads {

    private final Set<String> read = new LinkedHashSet<>();
    private final Set<String> secrets = new HashSet<>();
    private final Map<String, String> fallbacks = new HashMap<>();

    void read(String name) {
        read.add(name);
    }

    void secret(String name) {
        read.add(name);
        secrets.add(name);
    }

    void fallback(String name, String value) {
        fallbacks.putIfAbsent(name, value);
    }

    Set<String> names() {
        return Collections.unmodifiableSet(read);
    }

    boolean isSecret(String name) {
        return secrets.contains(name);
    }

    Optional<String> fallback(String name) {
        return Optional.ofNullable(fallbacks.get(name));
    }
}
