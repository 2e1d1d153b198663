package dev.deckhand.adapter.postgres;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.IssuedHostKey;
import dev.deckhand.ports.out.PasswordHashing;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.testing.AccountStoreContract;
import dev.deckhand.ports.testing.AuthenticatorContract;
import dev.deckhand.ports.testing.HostKeyStoreContract;
import dev.deckhand.ports.testing.FastPasswordHashing;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The PostgreSQL account and host-key stores against the port contracts, plus rehashing and failures. */
class PostgresAccountsAndHostKeysTest {

    private static final UserId ALICE = new UserId("alice");
    private static final FastPasswordHashing HASHING = new FastPasswordHashing();

    private static EmbeddedPostgres postgres;
    private static PostgresDatabase database;
    private static EmbeddedPostgres stopped;
    private static PostgresDatabase unreachable;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        database = PostgresDatabase.open(EmbeddedPostgresSettings.of(postgres, 8), STAMP);
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
        postgres.close();
        if (unreachable != null) {
            unreachable.close();
        }
    }

    /** A database whose PostgreSQL has stopped since it was opened; made once, on first use. */
    private static synchronized PostgresDatabase unreachable() {
        if (unreachable == null) {
            try {
                stopped = EmbeddedPostgres.builder().start();
                unreachable = PostgresDatabase.open(EmbeddedPostgresSettings.of(stopped, 2), STAMP);
                stopped.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return unreachable;
    }

    private static void empty() {
        database.jdbi().useHandle(h -> h.execute("TRUNCATE accounts, host_keys"));
    }

    private static PostgresAccountStore accounts(PasswordHashing hashing) {
        return new PostgresAccountStore(database, Clock.systemUTC(), hashing);
    }

    private static String storedHash() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE name = 'alice'")
                .mapTo(String.class).one());
    }

    @Nested
    class HostKeys extends HostKeyStoreContract {
        @Override
        protected HostKeyStore newStore() {
            empty();
            return new PostgresHostKeyStore(database);
        }
    }

    @Nested
    class Accounts extends AccountStoreContract {
        @Override
        @SuppressWarnings("unchecked")
        protected <T extends AccountStore & Authenticator> T newStore() {
            empty();
            return (T) accounts(HASHING);
        }
    }

    @Nested
    class SignIns extends AuthenticatorContract {
        @Override
        protected Authenticator newAuthenticator() {
            empty();
            PostgresAccountStore store = accounts(HASHING);
            store.add(new UserId(ALICE), new Credential.PlainPassword(ALICE_PASSWORD));
            return store;
        }

        @Override
        protected Optional<Authenticator> unreachable() {
            return Optional.of(new PostgresAccountStore(PostgresAccountsAndHostKeysTest.unreachable(), Clock.systemUTC(), HASHING));
        }
    }

    @Test
    void passwords_areStoredAsTheHashingWritesThem() {
        empty();
        accounts(HASHING).add(ALICE, new Credential.PlainPassword("hunter2"));

        assertThat(storedHash()).startsWith("$fast-sha256$").doesNotContain("hunter2");
        assertThat(HASHING.verify(ALICE, "hunter2", storedHash())).isTrue();
    }

    @Test
    void aHashTheHashingAccepts_canBeHandedOverAndUsed_andAnotherIsRefused() {
        empty();
        PostgresAccountStore store = accounts(HASHING);
        String given = HASHING.hash("s3cret");

        assertThat(store.add(ALICE, new Credential.PasswordHash(given))).isTrue();

        assertThat(store.signIn("alice", "s3cret")).isEqualTo(new SignInOutcome.SignedIn(ALICE));
        assertThat(store.matches(ALICE, new Credential.PasswordHash(given))).isTrue();
        assertThat(store.matches(ALICE, new Credential.PasswordHash(HASHING.hash("s3cret")))).as("compared as stored").isFalse();
        assertThatThrownBy(() -> store.setCredential(ALICE, new Credential.PasswordHash("$pbkdf2-sha1$nonsense")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(storedHash()).isEqualTo(given);
    }

    @Test
    void aDeclaredHash_stillMatchesAfterASignInReplacedIt_untilThePasswordIsSetAnotherWay() {
        empty();
        PostgresAccountStore store = accounts(HASHING);
        Credential.PasswordHash declared = new Credential.PasswordHash(HASHING.oldForm("s3cret"));
        store.add(ALICE, declared);

        assertThat(store.signIn("alice", "s3cret")).isEqualTo(new SignInOutcome.SignedIn(ALICE));

        assertThat(storedHash()).isNotEqualTo(declared.phc());
        assertThat(store.matches(ALICE, declared)).as("a restart with the same SYNC_USERn changes nothing").isTrue();
        store.setCredential(ALICE, new Credential.PlainPassword("another"));
        assertThat(store.matches(ALICE, declared)).isFalse();
    }

    @Test
    void aWeakHash_isReplacedAfterTheFirstGoodSignIn_butNotAfterABadOne() {
        empty();
        PostgresAccountStore store = accounts(HASHING);
        String weak = HASHING.oldForm("s3cret");
        store.add(ALICE, new Credential.PasswordHash(weak));

        assertThat(store.signIn("alice", "wrong")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(storedHash()).isEqualTo(weak);

        assertThat(store.signIn("alice", "s3cret")).isEqualTo(new SignInOutcome.SignedIn(ALICE));
        assertThat(storedHash()).startsWith("$fast-sha256$");
        assertThat(store.signIn("alice", "s3cret")).isEqualTo(new SignInOutcome.SignedIn(ALICE));
    }

    @Test
    void aPasswordChangedWhileASignInRehashes_isNotUndoneByTheRehash() {
        empty();
        String weak = HASHING.oldForm("old password");
        accounts(HASHING).add(ALICE, new Credential.PasswordHash(weak));
        // Another node changes alice's password between this sign-in's check and its rehash.
        PasswordHashing changingMeanwhile = new PasswordHashing() {
            @Override
            public String hash(String password) {
                accounts(HASHING).setCredential(ALICE, new Credential.PlainPassword("new password"));
                return HASHING.hash(password);
            }

            @Override
            public boolean verify(UserId user, String password, String stored) {
                return HASHING.verify(user, password, stored);
            }

            @Override
            public boolean wantsRehash(String stored) {
                return HASHING.wantsRehash(stored);
            }

            @Override
            public boolean accepts(String stored) {
                return HASHING.accepts(stored);
            }

            @Override
            public void warmUp() {
                HASHING.warmUp();
            }
        };

        assertThat(accounts(changingMeanwhile).signIn("alice", "old password")).isEqualTo(new SignInOutcome.SignedIn(ALICE));

        assertThat(accounts(HASHING).signIn("alice", "new password")).isEqualTo(new SignInOutcome.SignedIn(ALICE));
        assertThat(accounts(HASHING).signIn("alice", "old password")).isEqualTo(new SignInOutcome.Rejected());
    }

    @Test
    void aFailingStatement_isAStorageException_notAnOutage() {
        empty();
        PostgresAccountStore store = accounts(HASHING);
        PostgresHostKeyStore keys = new PostgresHostKeyStore(database);
        database.jdbi().useHandle(h -> h.execute("ALTER TABLE accounts RENAME TO accounts_elsewhere"));
        database.jdbi().useHandle(h -> h.execute("ALTER TABLE host_keys RENAME TO host_keys_elsewhere"));
        try {
            assertThatThrownBy(() -> store.add(ALICE, new Credential.PlainPassword("pw")))
                    .isInstanceOf(StorageException.class).isNotInstanceOf(BackendUnavailableException.class)
                    .hasMessage("cannot add an account");
            assertThatThrownBy(() -> store.signIn("alice", "pw"))
                    .isInstanceOf(StorageException.class).isNotInstanceOf(BackendUnavailableException.class);
            assertThatThrownBy(() -> keys.find(new HostKeyDigest("a".repeat(64))))
                    .isInstanceOf(StorageException.class).hasMessage("cannot look up a host key");
        } finally {
            database.jdbi().useHandle(h -> h.execute("ALTER TABLE accounts_elsewhere RENAME TO accounts"));
            database.jdbi().useHandle(h -> h.execute("ALTER TABLE host_keys_elsewhere RENAME TO host_keys"));
        }
    }

    @Test
    void whilePostgresIsDown_theStoresFailAsUnavailable() {
        PostgresAccountStore store = new PostgresAccountStore(unreachable(), Clock.systemUTC(), HASHING);
        PostgresHostKeyStore keys = new PostgresHostKeyStore(unreachable());

        assertThatThrownBy(() -> store.add(ALICE, new Credential.PlainPassword("pw"))).isInstanceOf(BackendUnavailableException.class);
        assertThatThrownBy(() -> keys.save(ALICE, new HostKeyDigest("a".repeat(64)), 1)).isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    void accountsAndKeys_areSharedByEveryNodesPool() {
        empty();
        HostKeyDigest key = new HostKeyDigest("f".repeat(64));
        accounts(HASHING).add(ALICE, new Credential.PlainPassword("pw"));
        new PostgresHostKeyStore(database).save(ALICE, key, 7);

        try (PostgresDatabase otherNode = PostgresDatabase.open(
                EmbeddedPostgresSettings.of(postgres, 2), STAMP)) {
            assertThat(new PostgresAccountStore(otherNode, Clock.systemUTC(), HASHING).signIn("alice", "pw"))
                    .isEqualTo(new SignInOutcome.SignedIn(ALICE));
            assertThat(new PostgresHostKeyStore(otherNode).find(key)).contains(new IssuedHostKey(ALICE, 7));
        }
    }
}
