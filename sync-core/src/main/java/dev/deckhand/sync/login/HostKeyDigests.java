package dev.deckhand.sync.login;

import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.HostKeyDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Host keys are stored as SHA-256 digests. A fast hash is right here: the keys are 256-bit random
 * tokens, so there is nothing to brute-force, and looking a key up by its digest compares no
 * secret bytes one by one.
 */
public final class HostKeyDigests {

    /**
     * Cloned for each digest: every request digests its host key, and looking SHA-256 up among the
     * security providers each time cost more than the hashing (profile of bench/).
     */
    private static final MessageDigest SHA_256 = Sha256.newDigest();

    private HostKeyDigests() {}

    public static HostKeyDigest of(HostKey key) {
        try {
            byte[] digest = ((MessageDigest) SHA_256.clone()).digest(key.value().getBytes(StandardCharsets.UTF_8));
            return new HostKeyDigest(HexFormat.of().formatHex(digest));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }
}
