package dev.deckhand.adapter.passwords.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The fast PBKDF2 loops against the JDK's own PBKDF2, on random and edge-case inputs. */
class Pbkdf2Test {

    private static final Random RANDOM = new Random(20261203);

    private static byte[] jdk(String algorithm, String password, byte[] salt, int iterations, int length)
            throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8);
        return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
    }

    private static String randomPassword() {
        StringBuilder password = new StringBuilder();
        int length = RANDOM.nextInt(300); // past both block sizes, so long keys are hashed first
        for (int i = 0; i < length; i++) {
            password.appendCodePoint(RANDOM.nextInt(10) == 0 ? 0x4e00 + RANDOM.nextInt(500) : 0x20 + RANDOM.nextInt(95));
        }
        return password.toString();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @RepeatedTest(40)
    void sha512MatchesTheJdk() throws GeneralSecurityException {
        String password = randomPassword();
        byte[] salt = randomBytes(1 + RANDOM.nextInt(200)); // the JDK refuses an empty salt
        int iterations = 1 + RANDOM.nextInt(3000);
        int length = 1 + RANDOM.nextInt(200); // up to four output blocks
        assertThat(Pbkdf2Sha512.derive(password.getBytes(StandardCharsets.UTF_8), salt, iterations, length))
                .isEqualTo(jdk("PBKDF2WithHmacSHA512", password, salt, iterations, length));
    }

    @RepeatedTest(40)
    void sha256MatchesTheJdk() throws GeneralSecurityException {
        String password = randomPassword();
        byte[] salt = randomBytes(1 + RANDOM.nextInt(200));
        int iterations = 1 + RANDOM.nextInt(3000);
        int length = 1 + RANDOM.nextInt(100);
        assertThat(Pbkdf2Sha256.derive(password.getBytes(StandardCharsets.UTF_8), salt, iterations, length))
                .isEqualTo(jdk("PBKDF2WithHmacSHA256", password, salt, iterations, length));
    }

    @Test
    void matchesPublishedVectorsAtFullStrength() throws GeneralSecurityException {
        byte[] salt = "deckhand salt 16".getBytes(StandardCharsets.US_ASCII);
        assertThat(Pbkdf2Sha512.derive("correct horse".getBytes(StandardCharsets.UTF_8), salt, 210_000, 64))
                .isEqualTo(jdk("PBKDF2WithHmacSHA512", "correct horse", salt, 210_000, 64));
        // RFC 7914 section 11, PBKDF2-HMAC-SHA-256 ("passwd", "salt", c = 1, dkLen = 64).
        assertThat(HexFormat.of().formatHex(Pbkdf2Sha256.derive("passwd".getBytes(StandardCharsets.UTF_8),
                "salt".getBytes(StandardCharsets.UTF_8), 1, 64)))
                .isEqualTo("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
        assertThat(Pbkdf2Sha512.derive(new byte[0], salt, 3, 10)).as("an empty password")
                .isEqualTo(jdk("PBKDF2WithHmacSHA512", "", salt, 3, 10));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> Pbkdf2Sha512.derive(new byte[1], new byte[1], 0, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pbkdf2Sha256.derive(new byte[1], new byte[1], 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
