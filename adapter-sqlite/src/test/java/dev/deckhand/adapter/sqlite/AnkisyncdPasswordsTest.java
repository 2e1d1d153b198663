package dev.deckhand.adapter.sqlite;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.adapter.sqlite.internal.AnkisyncdPasswords;
import dev.deckhand.ports.out.SignInOutcome;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnkisyncdPasswordsTest {

    // Made as ankisyncd's SqliteUserManager makes it: sha256(name + password + salt) + salt.
    private static final String HASH = OldServerFixtures.ankisyncdHash("alice", "s3cret", "9f86d081884c7d65");

    @TempDir Path temp;

    @Test
    void checksPasswordsTheWayAnkisyncdDid() {
        String stored = AnkisyncdPasswords.stored(HASH);

        assertThat(AnkisyncdPasswords.verify("alice", "s3cret", stored)).isTrue();
        assertThat(AnkisyncdPasswords.verify("alice", "wrong", stored)).isFalse();
        // The name is part of what was hashed.
        assertThat(AnkisyncdPasswords.verify("bob", "s3cret", stored)).isFalse();
    }

    @Test
    void onlyTheFormAnkisyncdWritesIsKept() {
        assertThat(AnkisyncdPasswords.isValid(HASH)).isTrue();
        assertThat(AnkisyncdPasswords.isValid(HASH.toUpperCase())).isFalse();
        assertThat(AnkisyncdPasswords.isValid(HASH.substring(1))).isFalse();
    }

    @Test
    void theFirstSuccessfulSignInReplacesTheWeakHashWithPbkdf2() {
        try (ServerDatabase database = ServerDatabase.open(temp.resolve("deckhand.sqlite"), STAMP)) {
            database.jdbi().useHandle(h -> h.execute("INSERT INTO accounts (name, password_hash, created_at) VALUES (?, ?, 0)",
                    "alice", AnkisyncdPasswords.stored(HASH)));
            SqliteAccountStore accounts = new SqliteAccountStore(database, Clock.systemUTC(), 1000);

            assertThat(accounts.signIn("alice", "wrong")).isInstanceOf(SignInOutcome.Rejected.class);
            assertThat(storedHash(database)).startsWith(AnkisyncdPasswords.PREFIX);

            assertThat(accounts.signIn("alice", "s3cret")).isInstanceOf(SignInOutcome.SignedIn.class);
            assertThat(storedHash(database)).startsWith("$pbkdf2-sha512$");
            assertThat(accounts.signIn("alice", "s3cret")).isInstanceOf(SignInOutcome.SignedIn.class);
        }
    }

    private static String storedHash(ServerDatabase database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE name = 'alice'")
                .mapTo(String.class).one());
    }
}
