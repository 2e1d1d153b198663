package dev.deckhand.adapter.passwords.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 password hashes in PHC string format, {@code $pbkdf2-sha256$i=600000,l=32$<salt>$<hash>}
 * with unpadded standard Base64: the format the official sync server reads from
 * {@code PASSWORDS_HASHED}, so existing hashes keep working. The salt is used as its decoded bytes.
 *
 * <p>New hashes use HMAC-SHA-512 with 210,000 iterations (OWASP's 2023 figure for SHA-512, as strong
 * as its 600,000 for SHA-256 at about half the CPU time in Java) and a 16-byte random salt. The
 * password is encoded as UTF-8, as the official server's Rust code does. SHA-512 and SHA-256 hashes
 * are computed by {@link Pbkdf2Sha512} and {@link Pbkdf2Sha256}, two to three times faster than the
 * JDK's; the SHA-1 variant some tools write is verified through the JDK.
 */
public final class Pbkdf2Passwords {

    public static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 64;
    /** Above this an imported hash would let one login pin a CPU core for minutes. */
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final Pattern PHC =
            Pattern.compile("\\$(pbkdf2|pbkdf2-sha256|pbkdf2-sha512)\\$i=(\\d{1,9}),l=(\\d{1,3})\\$([A-Za-z0-9+/]{1,128})\\$([A-Za-z0-9+/]{1,512})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final SecureRandom random;
    private final int iterations;

    public Pbkdf2Passwords(SecureRandom random, int iterations) {
        this.random = random;
        this.iterations = iterations;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive("PBKDF2WithHmacSHA512", password, salt, iterations, HASH_BYTES);
        return "$pbkdf2-sha512$i=" + iterations + ",l=" + HASH_BYTES + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /** Runs both hashing loops long enough for the JIT to compile them (see Pbkdf2PasswordHashing.warmUp). */
    public static void warmUp() {
        byte[] salt = new byte[SALT_BYTES];
        for (int round = 0; round < 2; round++) {
            derive("PBKDF2WithHmacSHA512", "warm-up", salt, ITERATIONS, HASH_BYTES);
            derive("PBKDF2WithHmacSHA256", "warm-up", salt, ITERATIONS / 2, 32);
        }
    }

    /** Whether {@code phc} is a hash this class can verify. */
    public static boolean isSupported(String phc) {
        return parse(phc).isPresent();
    }

    /**
     * Whether {@code phc} is the form {@link #hash} writes (PBKDF2-HMAC-SHA512) with at least
     * {@code iterations} iterations: false for the SHA-256 and SHA-1 forms and for anything unparsable.
     */
    public static boolean isCurrent(String phc, int iterations) {
        return parse(phc).filter(p -> p.algorithm().equals("PBKDF2WithHmacSHA512") && p.iterations() >= iterations).isPresent();
    }

    /** Checks a password against a stored hash in constant time (for a given hash). */
    public static boolean verify(String password, String phc) {
        Optional<Parsed> parsed = parse(phc);
        if (parsed.isEmpty()) {
            return false;
        }
        Parsed p = parsed.get();
        byte[] actual = derive(p.algorithm(), password, p.salt(), p.iterations(), p.hash().length);
        return MessageDigest.isEqual(actual, p.hash());
    }

    private static Optional<Parsed> parse(String phc) {
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return Optional.empty();
        }
        int iterations = Integer.parseInt(m.group(2));
        int length = Integer.parseInt(m.group(3));
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(m.group(4));
            hash = Base64.getDecoder().decode(m.group(5));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS || length != hash.length || salt.length < 8) {
            return Optional.empty();
        }
        String algorithm = switch (m.group(1)) {
            case "pbkdf2" -> "PBKDF2WithHmacSHA1";
            case "pbkdf2-sha512" -> "PBKDF2WithHmacSHA512";
            default -> "PBKDF2WithHmacSHA256";
        };
        return Optional.of(new Parsed(algorithm, iterations, salt, hash));
    }

    private static byte[] derive(String algorithm, String password, byte[] salt, int iterations, int length) {
        switch (algorithm) {
            case "PBKDF2WithHmacSHA512":
                return Pbkdf2Sha512.derive(password.getBytes(StandardCharsets.UTF_8), salt, iterations, length);
            case "PBKDF2WithHmacSHA256":
                return Pbkdf2Sha256.derive(password.getBytes(StandardCharsets.UTF_8), salt, iterations, length);
            default:
                break;
        }
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8);
        try {
            return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        } finally {
            spec.clearPassword();
        }
    }

    private record Parsed(String algorithm, int iterations, byte[] salt, byte[] hash) {}
}
