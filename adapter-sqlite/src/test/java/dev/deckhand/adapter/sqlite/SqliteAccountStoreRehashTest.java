package dev.deckhand.adapter.sqlite;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.testing.FastPasswordHashing;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hash the hashing wants replaced is replaced at the first sign-in that proves the password. */
class SqliteAccountStoreRehashTest {

    private final FastPasswordHashing hashing = new FastPasswordHashing();
    @TempDir Path temp;
    private ServerDatabase database;
    private SqliteAccountStore accounts;

    @BeforeEach
    void open() {
        database = ServerDatabase.open(temp.resolve("deckhand.sqlite"), STAMP);
        accounts = new SqliteAccountStore(database, Clock.systemUTC(), hashing);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void signIn_replacesAHashTheHashingWantsReplaced_onceThePasswordIsRight() {
        String old = hashing.oldForm("s3cret");
        insert("alice", old);

        assertThat(accounts.signIn("alice", "wrong")).isInstanceOf(SignInOutcome.Rejected.class);
        assertThat(storedHash("alice")).as("a wrong password proves nothing").isEqualTo(old);

        assertThat(accounts.signIn("alice", "s3cret")).isEqualTo(new SignInOutcome.SignedIn(new UserId("alice")));
        String replaced = storedHash("alice");
        assertThat(replaced).startsWith("$fast-sha256$");
        assertThat(hashing.wantsRehash(replaced)).isFalse();

        assertThat(accounts.signIn("alice", "s3cret")).isInstanceOf(SignInOutcome.SignedIn.class);
        assertThat(storedHash("alice")).as("a current hash is kept").isEqualTo(replaced);
        assertThat(accounts.signIn("alice", "wrong")).isInstanceOf(SignInOutcome.Rejected.class);
    }

    @Test
    void signIn_keepsAHashTheHashingIsContentWith() {
        String current = hashing.hash("s3cret");
        insert("alice", current);

        assertThat(accounts.signIn("alice", "s3cret")).isInstanceOf(SignInOutcome.SignedIn.class);
        assertThat(storedHash("alice")).isEqualTo(current);
    }

    @Test
    void aHandedOverHashReplacedAtSignIn_stillMatches_untilThePasswordIsSetOtherwise() {
        UserId alice = new UserId("alice");
        Credential declared = new Credential.PasswordHash(hashing.oldForm("s3cret"));
        accounts.add(alice, declared);

        accounts.signIn("alice", "s3cret");

        assertThat(storedHash("alice")).isNotEqualTo(((Credential.PasswordHash) declared).phc());
        assertThat(accounts.matches(alice, declared)).as("the settings that handed it over still hold").isTrue();
        assertThat(accounts.matches(alice, new Credential.PasswordHash(hashing.oldForm("s3cret")))).as("another hash").isFalse();

        accounts.setCredential(alice, new Credential.PlainPassword("changed"));
        assertThat(accounts.matches(alice, declared)).isFalse();
    }

    private void insert(String name, String hash) {
        database.jdbi().useHandle(h -> h.execute("INSERT INTO accounts (name, password_hash, created_at) VALUES (?, ?, 0)", name, hash));
    }

    private String storedHash(String name) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE name = ?")
                .bind(0, name).mapTo(String.class).one());
    }
}
