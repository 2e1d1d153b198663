package dev.deckhand.adapter.passwords.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.movein.ImportedPassword;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AnkisyncdPasswordsTest {

    // Made as ankisyncd's SqliteUserManager makes it: sha256(name + password + salt) + salt.
    private static final String HASH = ankisyncdHash("alice", "s3cret", "9f86d081884c7d65");

    static String ankisyncdHash(String user, String password, String saltHex) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((user + password + saltHex).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + saltHex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void checksPasswordsTheWayAnkisyncdDid() {
        String stored = new ImportedPassword.AnkisyncdHash(HASH).stored();

        assertThat(stored).startsWith(AnkisyncdPasswords.PREFIX);
        assertThat(AnkisyncdPasswords.verify("alice", "s3cret", stored)).isTrue();
        assertThat(AnkisyncdPasswords.verify("alice", "wrong", stored)).isFalse();
        // The name is part of what was hashed.
        assertThat(AnkisyncdPasswords.verify("bob", "s3cret", stored)).isFalse();
    }

    @Test
    void onlyTheFormAnkisyncdWritesIsKept() {
        assertThat(new ImportedPassword.AnkisyncdHash(HASH).isWellFormed()).isTrue();
        assertThat(new ImportedPassword.AnkisyncdHash(HASH.toUpperCase()).isWellFormed()).isFalse();
        assertThat(new ImportedPassword.AnkisyncdHash(HASH.substring(1)).isWellFormed()).isFalse();
        assertThatThrownBy(() -> new ImportedPassword.AnkisyncdHash(HASH.substring(1)).stored())
                .isInstanceOf(IllegalStateException.class);
        assertThat(AnkisyncdPasswords.verify("alice", "s3cret", AnkisyncdPasswords.PREFIX + HASH.substring(1))).isFalse();
    }
}
