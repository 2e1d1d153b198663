package dev.deckhand.ports.model;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** A SHA-256 digest as 64 lower-case hex digits: the address of a blob. Safe as a path or key segment. */
public record Sha256(String hex) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final String ALGORITHM = "SHA-256";
    private static final int BUFFER = 64 * 1024;

    public Sha256 {
        Objects.requireNonNull(hex, "hex");
        if (!HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("a SHA-256 is 64 lower-case hex digits");
        }
    }

    /** A new SHA-256 digest, for bytes that pass by on their way somewhere else. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** What {@code digest}, made by {@link #newDigest}, has taken in; the digest starts over. */
    public static Sha256 of(MessageDigest digest) {
        if (!digest.getAlgorithm().equals(ALGORITHM)) {
            throw new IllegalArgumentException("a " + digest.getAlgorithm() + " digest is not a SHA-256");
        }
        return new Sha256(HexFormat.of().formatHex(digest.digest()));
    }

    /** The SHA-256 of what is left of {@code in}, which is read to its end and left open. */
    public static Sha256 of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return of(digest);
    }
}
