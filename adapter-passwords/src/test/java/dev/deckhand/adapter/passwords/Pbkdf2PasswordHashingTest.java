package dev.deckhand.adapter.passwords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.movein.ImportedPassword;
import dev.deckhand.ports.out.PasswordHashing;
import dev.deckhand.ports.testing.PasswordHashingContract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Pbkdf2PasswordHashingTest extends PasswordHashingContract {

    /** The official server's form, made with Python's hashlib (password "s3cret"). */
    private static final String OFFICIAL_SHA256 =
            "$pbkdf2-sha256$i=1000,l=32$AAECAwQFBgcICQoLDA0ODw$M6eMN3yntlkPobIVzJcPulFgdvEI7LaK9Y7JXYYCFwE";
    /** PBKDF2-HMAC-SHA1 of "s3cret", 1,000 iterations, in the {@code $pbkdf2$} form (made with Python's hashlib). */
    private static final String SHA1 = "$pbkdf2$i=1000,l=20$AAECAwQFBgcICQoLDA0ODw$ImvmVTv9O1jqeEmJxGEzcbc4I84";
    private static final UserId ALICE = new UserId("alice");

    @Override
    protected PasswordHashing newHashing() {
        return new Pbkdf2PasswordHashing(1000);
    }

    @Test
    void newHashes_arePbkdf2Sha512AtTheGivenCost() {
        assertThat(new Pbkdf2PasswordHashing(1000).hash("pw")).startsWith("$pbkdf2-sha512$i=1000,l=64$");
    }

    @Test
    void verify_checksTheOfficialServersHashes() {
        PasswordHashing hashing = newHashing();

        assertThat(hashing.accepts(OFFICIAL_SHA256)).isTrue();
        assertThat(hashing.verify(ALICE, "s3cret", OFFICIAL_SHA256)).isTrue();
        assertThat(hashing.verify(ALICE, "s3cret!", OFFICIAL_SHA256)).isFalse();
    }

    @Test
    void ankisyncdHashes_areCheckedWithTheUserName_neverAccepted_andReplaced() {
        PasswordHashing hashing = newHashing();
        String stored = ankisyncd("alice", "s3cret");

        assertThat(hashing.verify(ALICE, "s3cret", stored)).isTrue();
        assertThat(hashing.verify(new UserId("bob"), "s3cret", stored)).isFalse();
        assertThat(hashing.accepts(stored)).as("an operator cannot hand one over as a credential").isFalse();
        assertThat(hashing.wantsRehash(stored)).isTrue();
    }

    @Test
    void wantsRehash_ofEveryFormButItsOwnAtFullCost() {
        PasswordHashing hashing = new Pbkdf2PasswordHashing(1000);

        assertThat(hashing.wantsRehash(OFFICIAL_SHA256)).as("SHA-256: slower to check at equal strength").isTrue();
        assertThat(hashing.wantsRehash(SHA1)).as("SHA-1").isTrue();
        assertThat(hashing.wantsRehash(new Pbkdf2PasswordHashing(999).hash("pw"))).as("SHA-512 below the cost").isTrue();
        assertThat(hashing.wantsRehash(new Pbkdf2PasswordHashing(1000).hash("pw"))).isFalse();
        assertThat(hashing.wantsRehash(new Pbkdf2PasswordHashing(1001).hash("pw"))).as("never weakened").isFalse();
        assertThat(hashing.wantsRehash("plaintext")).as("nothing verifies against it, so nothing replaces it").isFalse();
    }

    @Test
    void verify_checksTheSha1Form() {
        PasswordHashing hashing = newHashing();

        assertThat(hashing.accepts(SHA1)).isTrue();
        assertThat(hashing.verify(ALICE, "s3cret", SHA1)).isTrue();
        assertThat(hashing.verify(ALICE, "s3cret!", SHA1)).isFalse();
    }

    @Test
    void aCostBelowOne_isRefused() {
        assertThatThrownBy(() -> new Pbkdf2PasswordHashing(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** sha256(name + password + salt) + salt, as ankisyncd writes it to auth.db, in its stored form. */
    private static String ankisyncd(String user, String password) {
        String salt = "9f86d081884c7d65";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((user + password + salt).getBytes(StandardCharsets.UTF_8));
            return new ImportedPassword.AnkisyncdHash(HexFormat.of().formatHex(digest) + salt).stored();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
