package dev.deckhand.adapter.passwords.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Pbkdf2PasswordsTest {

    /**
     * Made with Python's hashlib in the PHC layout the official sync server reads from
     * {@code PASSWORDS_HASHED}; that server accepted a hash made this way for the same password.
     */
    private static final String OFFICIAL_FORMAT =
            "$pbkdf2-sha256$i=1000,l=32$AAECAwQFBgcICQoLDA0ODw$M6eMN3yntlkPobIVzJcPulFgdvEI7LaK9Y7JXYYCFwE";
    private static final String SHA512_NON_ASCII =
            "$pbkdf2-sha512$i=1000,l=64$AAECAwQFBgcICQoLDA0ODw$tesGdwmZwygAGYLzLiZnuLe7u7U7QwD64kd8Dxsmq1czniS4pZHyb0gH6ZCWHMgN1oFJ7mpRl1LVshQSj7oYVw";

    @Test
    void verify_acceptsHashesInTheOfficialServersFormat() {
        assertThat(Pbkdf2Passwords.verify("s3cret", OFFICIAL_FORMAT)).isTrue();
        assertThat(Pbkdf2Passwords.verify("s3cret!", OFFICIAL_FORMAT)).isFalse();
    }

    @Test
    void verify_encodesPasswordsAsUtf8() {
        assertThat(Pbkdf2Passwords.verify("pässwörd", SHA512_NON_ASCII)).isTrue();
        assertThat(Pbkdf2Passwords.verify("passwort", SHA512_NON_ASCII)).isFalse();
    }

    @Test
    void hash_producesASaltedPhcStringThatVerifies() {
        Pbkdf2Passwords passwords = new Pbkdf2Passwords(new SecureRandom(), 1000);

        String first = passwords.hash("correct horse");
        String second = passwords.hash("correct horse");

        assertThat(first).startsWith("$pbkdf2-sha512$i=1000,l=64$").isNotEqualTo(second);
        assertThat(Pbkdf2Passwords.verify("correct horse", first)).isTrue();
        assertThat(Pbkdf2Passwords.verify("correct horsE", first)).isFalse();
    }

    @Test
    void defaultCost_isOwaspsFigureForSha512() {
        assertThat(Pbkdf2Passwords.ITERATIONS).isEqualTo(210_000);
    }

    @Test
    void verify_refusesMalformedAndAbusiveHashes() {
        assertThat(Pbkdf2Passwords.verify("x", "plaintext")).isFalse();
        assertThat(Pbkdf2Passwords.verify("x", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")).isFalse();
        assertThat(Pbkdf2Passwords.verify("x", "$pbkdf2-sha256$i=999999999,l=32$AAECAwQFBgcICQoLDA0ODw$M6eMN3yntlkPobIVzJcPulFgdvEI7LaK9Y7JXYYCFwE"))
                .as("an imported hash must not let one login burn minutes of CPU")
                .isFalse();
        assertThat(Pbkdf2Passwords.verify("x", "$pbkdf2-sha256$i=1000,l=31$AAECAwQFBgcICQoLDA0ODw$M6eMN3yntlkPobIVzJcPulFgdvEI7LaK9Y7JXYYCFwE"))
                .isFalse();
    }
}
