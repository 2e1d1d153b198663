package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.PasswordHashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * FOR TESTS ONLY: one fast salted SHA-256, so account-store tests do not spend seconds in a slow KDF.
 * Never store real passwords with it. Writes {@code $test-sha256$<salt hex>$<hash hex>}; also
 * verifies the older, unsalted {@code $test-unsalted$<hash hex>} form, which it
 * {@linkplain #wantsRehash(String) wants replaced}, as a real hashing does with weaker forms moved in.
 */
public final class SaltedSha256ForTests implements PasswordHashing {

    private static final String SALTED = "$test-sha256$";
    private static final String UNSALTED = "$test-unsalted$";
    private static final HexFormat HEX = HexFormat.of();

    private final SecureRandom random = new SecureRandom();

    /** The old form of {@code password}, as a store moved in from elsewhere might hold it. */
    public static String unsalted(String password) {
        return UNSALTED + HEX.formatHex(sha256(new byte[0], password));
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return SALTED + HEX.formatHex(salt) + "$" + HEX.formatHex(sha256(salt, password));
    }

    @Override
    public boolean verify(UserId user, String password, String stored) {
        if (stored.startsWith(UNSALTED)) {
            return MessageDigest.isEqual(unsalted(password).getBytes(StandardCharsets.UTF_8), stored.getBytes(StandardCharsets.UTF_8));
        }
        if (!accepts(stored)) {
            return false;
        }
        String[] parts = stored.substring(SALTED.length()).split("\\$");
        return MessageDigest.isEqual(sha256(HEX.parseHex(parts[0]), password), HEX.parseHex(parts[1]));
    }

    @Override
    public boolean wantsRehash(String stored) {
        return stored.startsWith(UNSALTED);
    }

    @Override
    public boolean accepts(String stored) {
        return stored.matches("\\$test-sha256\\$[0-9a-f]{32}\\$[0-9a-f]{64}") || stored.matches("\\$test-unsalted\\$[0-9a-f]{64}");
    }

    @Override
    public void warmUp() {
        hash("warm-up");
    }

    private static byte[] sha256(byte[] salt, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
