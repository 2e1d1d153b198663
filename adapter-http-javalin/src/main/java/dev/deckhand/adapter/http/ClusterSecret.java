package dev.deckhand.adapter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The secret the nodes of a cluster present to each other. Compared by digest in constant time, so
 * neither its content nor its length leaks through timing.
 */
public final class ClusterSecret {

    static final String BEARER = "Bearer ";
    /** Shorter secrets are refused: guessing one must be out of reach. */
    public static final int MIN_LENGTH = 32;

    private final String secret;
    private final byte[] digest;

    public ClusterSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the cluster secret must have at least " + MIN_LENGTH + " characters");
        }
        this.secret = secret;
        this.digest = sha256(secret);
    }

    boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented.strip()));
    }

    /** The value of the {@code Authorization} header that presents it. */
    String authorization() {
        return BEARER + secret;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[hidden]";
    }
}
