package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.PasswordHashing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PasswordHashing} must do; extended once per implementation. */
public abstract class PasswordHashingContract {

    private static final UserId ALICE = new UserId("alice");
    private PasswordHashing hashing;

    /** An implementation cheap enough for tests (a low cost where there is one). */
    protected abstract PasswordHashing newHashing();

    @BeforeEach
    void setUp() {
        hashing = newHashing();
    }

    @Test
    void hash_verifiesForThatPasswordOnly() {
        String stored = hashing.hash("correct horse");

        assertThat(hashing.verify(ALICE, "correct horse", stored)).isTrue();
        assertThat(hashing.verify(ALICE, "correct horsE", stored)).isFalse();
        assertThat(hashing.verify(ALICE, "", stored)).isFalse();
    }

    @Test
    void hash_isSaltedAndNeverContainsThePassword() {
        String first = hashing.hash("correct horse");

        assertThat(first).isNotEqualTo(hashing.hash("correct horse")).doesNotContain("correct horse").startsWith("$");
    }

    @Test
    void hash_isAFormItAcceptsAndKeeps() {
        String stored = hashing.hash("pässwörd");

        assertThat(hashing.accepts(stored)).isTrue();
        assertThat(hashing.wantsRehash(stored)).isFalse();
        assertThat(hashing.verify(ALICE, "pässwörd", stored)).isTrue();
    }

    @Test
    void strangers_areNeitherAcceptedNorVerified() {
        for (String stranger : new String[] {"plaintext", "", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"}) {
            assertThat(hashing.accepts(stranger)).as(stranger).isFalse();
            assertThat(hashing.verify(ALICE, "plaintext", stranger)).as(stranger).isFalse();
        }
    }
}
