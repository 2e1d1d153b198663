package dev.deckhand.ports.out;

import java.util.Objects;
import java.util.regex.Pattern;

/** The SHA-256 of a host key, as 64 lower-case hex digits. */
public record HostKeyDigest(String hex) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public HostKeyDigest {
        Objects.requireNonNull(hex, "hex");
        if (!HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("host key digest must be 64 lower-case hex digits");
        }
    }
}
