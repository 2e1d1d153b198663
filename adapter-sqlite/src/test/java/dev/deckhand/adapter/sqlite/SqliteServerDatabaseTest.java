package dev.deckhand.adapter.sqlite;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.IssuedHostKey;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.testing.AccountStoreContract;
import dev.deckhand.ports.testing.AuthenticatorContract;
import dev.deckhand.ports.testing.FastPasswordHashing;
import dev.deckhand.ports.testing.HostKeyStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The SQLite account and host-key stores against the port contracts, plus what only files can show. */
class SqliteServerDatabaseTest {

    private static final FastPasswordHashing HASHING = new FastPasswordHashing();

    private static ServerDatabase freshDatabase() {
        try {
            return ServerDatabase.open(Files.createTempDirectory("deckhand-db").resolve("deckhand.sqlite"), STAMP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Nested
    class HostKeys extends HostKeyStoreContract {
        @Override
        protected HostKeyStore newStore() {
            return new SqliteHostKeyStore(freshDatabase());
        }
    }

    @Nested
    class Accounts extends AccountStoreContract {
        @Override
        @SuppressWarnings("unchecked")
        protected <T extends AccountStore & Authenticator> T newStore() {
            return (T) new SqliteAccountStore(freshDatabase(), Clock.systemUTC(), HASHING);
        }
    }

    @Nested
    class SignIns extends AuthenticatorContract {
        @Override
        protected Authenticator newAuthenticator() {
            SqliteAccountStore accounts = new SqliteAccountStore(freshDatabase(), Clock.systemUTC(), HASHING);
            accounts.add(new UserId(ALICE), new Credential.PlainPassword(ALICE_PASSWORD));
            return accounts;
        }
    }

    @Test
    void accountsAndKeys_surviveReopeningTheFile() throws IOException {
        Path file = Files.createTempDirectory("deckhand-db").resolve("deckhand.sqlite");
        UserId alice = new UserId("alice");
        HostKeyDigest key = new HostKeyDigest("f".repeat(64));
        ServerDatabase first = ServerDatabase.open(file, STAMP);
        new SqliteAccountStore(first, Clock.systemUTC(), HASHING).add(alice, new Credential.PlainPassword("pw"));
        new SqliteHostKeyStore(first).save(alice, key, 1);

        ServerDatabase reopened = ServerDatabase.open(file, STAMP);

        assertThat(new SqliteAccountStore(reopened, Clock.systemUTC(), HASHING).signIn("alice", "pw"))
                .isEqualTo(new SignInOutcome.SignedIn(alice));
        assertThat(new SqliteHostKeyStore(reopened).find(key).map(IssuedHostKey::user)).contains(alice);
    }

    @Test
    void hostKeyLookups_seeWhatAnotherOpenOfTheFileCommits() throws IOException {
        // The server keeps its lookup statements; the admin command line opens the file on its own.
        Path file = Files.createTempDirectory("deckhand-db").resolve("deckhand.sqlite");
        UserId alice = new UserId("alice");
        HostKeyDigest key = new HostKeyDigest("e".repeat(64));
        HostKeyStore server = new SqliteHostKeyStore(ServerDatabase.open(file, STAMP));
        HostKeyStore commandLine = new SqliteHostKeyStore(ServerDatabase.open(file, STAMP));
        assertThat(server.find(key)).isEmpty();

        commandLine.save(alice, key, 7);
        assertThat(server.find(key)).contains(new IssuedHostKey(alice, 7));
        assertThat(server.find(key)).contains(new IssuedHostKey(alice, 7));

        commandLine.revokeAll(alice);
        assertThat(server.find(key)).isEmpty();
    }

    @Test
    void passwords_areStoredAsTheHashingsHashes() throws Exception {
        ServerDatabase database = freshDatabase();
        new SqliteAccountStore(database, Clock.systemUTC(), HASHING).add(new UserId("alice"), new Credential.PlainPassword("hunter2"));

        String stored = database.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM accounts").mapTo(String.class).one());

        assertThat(stored).startsWith("$fast-sha256$").doesNotContain("hunter2");
        assertThat(HASHING.verify(new UserId("alice"), "hunter2", stored)).isTrue();
    }

    @Test
    void aHashTheHashingAccepts_canBeImportedAndUsed() {
        SqliteAccountStore store = new SqliteAccountStore(freshDatabase(), Clock.systemUTC(), HASHING);
        String phc = HASHING.hash("s3cret");

        store.add(new UserId("alice"), new Credential.PasswordHash(phc));

        assertThat(store.signIn("alice", "s3cret")).isInstanceOf(SignInOutcome.SignedIn.class);
        assertThat(store.matches(new UserId("alice"), new Credential.PasswordHash(phc))).isTrue();
    }

    @Test
    void aHashTheHashingCannotCheck_isRefused() {
        SqliteAccountStore store = new SqliteAccountStore(freshDatabase(), Clock.systemUTC(), HASHING);

        assertThatThrownBy(() -> store.add(new UserId("alice"), new Credential.PasswordHash("$argon2id$v=19$x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.exists(new UserId("alice"))).isFalse();
    }
}
