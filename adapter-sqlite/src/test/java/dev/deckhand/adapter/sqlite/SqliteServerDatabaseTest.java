package dev.deckhand.adapter.sqlite;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;

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

    private static final int FAST_TEST_ITERATIONS = 1000;

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
            return (T) new SqliteAccountStore(freshDatabase(), Clock.systemUTC(), FAST_TEST_ITERATIONS);
        }
    }

    @Nested
    class SignIns extends AuthenticatorContract {
        @Override
        protected Authenticator newAuthenticator() {
            SqliteAccountStore accounts = new SqliteAccountStore(freshDatabase(), Clock.systemUTC(), FAST_TEST_ITERATIONS);
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
        new SqliteAccountStore(first, Clock.systemUTC(), FAST_TEST_ITERATIONS).add(alice, new Credential.PlainPassword("pw"));
        new SqliteHostKeyStore(first).save(alice, key, 1);

        ServerDatabase reopened = ServerDatabase.open(file, STAMP);

        assertThat(new SqliteAccountStore(reopened, Clock.systemUTC(), FAST_TEST_ITERATIONS).signIn("alice", "pw"))
                .isEqualTo(new SignInOutcome.SignedIn(alice));
        assertThat(new SqliteHostKeyStore(reopened).find(key).map(IssuedHostKey::user)).contains(alice);
    }

    @Test
    void passwords_areStoredAsSlowSaltedHashes() throws Exception {
        ServerDatabase database = freshDatabase();
        new SqliteAccountStore(database, Clock.systemUTC(), FAST_TEST_ITERATIONS)
                .add(new UserId("alice"), new Credential.PlainPassword("hunter2"));

        String stored = database.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM accounts").mapTo(String.class).one());

        assertThat(stored).startsWith("$pbkdf2-sha512$i=1000,").doesNotContain("hunter2");
    }

    @Test
    void anOfficialPasswordHash_canBeImportedAndUsed() {
        SqliteAccountStore store = new SqliteAccountStore(freshDatabase(), Clock.systemUTC(), FAST_TEST_ITERATIONS);
        String phc = "$pbkdf2-sha256$i=1000,l=32$AAECAwQFBgcICQoLDA0ODw$M6eMN3yntlkPobIVzJcPulFgdvEI7LaK9Y7JXYYCFwE";

        store.add(new UserId("alice"), new Credential.PasswordHash(phc));

        assertThat(store.signIn("alice", "s3cret")).isInstanceOf(SignInOutcome.SignedIn.class);
        assertThat(store.matches(new UserId("alice"), new Credential.PasswordHash(phc))).isTrue();
    }
}
