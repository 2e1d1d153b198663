package dev.deckhand.ports.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** A SHA-256 digest as 64 lower-case hex digits: the address of a blob. Safe as a path or key segment. */
public record Sha256(String hex) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public Sha256 {
        Objects.requireNonNull(hex, "hex");
        if (!HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("a SHA-256 is 64 lower-case hex digits");
        }
    }
}
