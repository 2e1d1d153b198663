package dev.deckhand.adapter.postgres;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.PasswordHashing;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.StorageException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Built-in accounts in PostgreSQL (schema: {@code db/postgres/V4__accounts_and_host_keys.sql}),
 * shared by every node, and the sign-in backend that checks them. Hashes are written and checked by
 * the given {@link PasswordHashing}, the same one the SQLite store uses, so an account keeps its
 * password when it moves between the two.
 */
public final class PostgresAccountStore implements AccountStore, Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresAccountStore.class);
    /** Whose name the decoy hash is checked under when the typed name is not even a valid one. */
    private static final UserId NOBODY = new UserId("nobody");

    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordHashing hashing;
    /**
     * Verified when the user is unknown, so that case costs the same time as a wrong password. Made
     * on first use: the admin command line builds a store per command and never needs it.
     */
    private volatile String decoyHash;

    public PostgresAccountStore(PostgresDatabase database, Clock clock, PasswordHashing hashing) {
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hashing = Objects.requireNonNull(hashing, "hashing");
    }

    /**
     * Checks the password. A PostgreSQL that does not answer is {@link SignInOutcome.Unavailable}
     * (the device is told to try again), as a directory that does not answer is for LDAP.
     */
    @Override
    public SignInOutcome signIn(String username, String password) {
        Optional<UserId> user = UserId.parse(username);
        Optional<String> stored;
        try {
            stored = user.flatMap(this::storedHash);
        } catch (BackendUnavailableException e) {
            return new SignInOutcome.Unavailable(e.getMessage());
        }
        boolean good = hashing.verify(user.orElse(NOBODY), password, stored.orElseGet(this::decoyHash));
        if (!good || stored.isEmpty()) {
            return new SignInOutcome.Rejected();
        }
        if (hashing.wantsRehash(stored.get())) {
            rehash(user.get(), stored.get(), password);
        }
        return new SignInOutcome.SignedIn(user.get());
    }

    /**
     * Replaces a weaker hash now that the password is known to be right. Only if the row still
     * holds the hash that was checked: a password changed meanwhile (on any node) is not undone. A
     * failure here does not fail the sign-in; the next sign-in tries again.
     */
    private void rehash(UserId user, String weak, String password) {
        String strong = hashing.hash(password);
        try {
            PostgresCalls.onHandle(jdbi, "replace a weak password hash", h -> h.createUpdate(
                            "UPDATE accounts SET password_hash = ? WHERE name = ? AND password_hash = ?")
                    .bind(0, strong)
                    .bind(1, user.name())
                    .bind(2, weak)
                    .execute());
        } catch (StorageException e) {
            LOG.warn("Signed {} in, but could not replace the weak password hash; the next sign-in tries again", user.name(), e);
        }
    }

    @Override
    public boolean add(UserId user, Credential credential) {
        String hash = hashOf(credential);
        return PostgresCalls.onHandle(jdbi, "add an account", h -> h.createUpdate(
                                "INSERT INTO accounts (name, password_hash, provisioned_from, created_at) VALUES (?, ?, ?, ?)"
                                        + " ON CONFLICT (name) DO NOTHING")
                        .bind(0, user.name())
                        .bind(1, hash)
                        .bind(2, provenance(credential))
                        .bind(3, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                        .execute())
                == 1;
    }

    @Override
    public boolean remove(UserId user) {
        return PostgresCalls.onHandle(jdbi, "remove an account",
                        h -> h.createUpdate("DELETE FROM accounts WHERE name = ?").bind(0, user.name()).execute())
                == 1;
    }

    @Override
    public boolean setCredential(UserId user, Credential credential) {
        String hash = hashOf(credential);
        return PostgresCalls.onHandle(jdbi, "change a password", h -> h.createUpdate(
                                "UPDATE accounts SET password_hash = ?, provisioned_from = ? WHERE name = ?")
                        .bind(0, hash)
                        .bind(1, provenance(credential))
                        .bind(2, user.name())
                        .execute())
                == 1;
    }

    /**
     * A hash matches the one stored, or the one the account was set from: a sign-in may have replaced
     * that with another hash of the same password, and the settings that handed it over still hold.
     */
    @Override
    public boolean matches(UserId user, Credential credential) {
        if (credential instanceof Credential.PasswordHash given) {
            return PostgresCalls.onHandle(jdbi, "read an account", h -> h.createQuery(
                            "SELECT EXISTS (SELECT 1 FROM accounts WHERE name = ? AND (password_hash = ? OR provisioned_from = ?))")
                    .bind(0, user.name())
                    .bind(1, given.phc())
                    .bind(2, given.provenance())
                    .mapTo(Boolean.class)
                    .one());
        }
        Optional<String> stored = storedHash(user);
        return stored.isPresent() && hashing.verify(user, ((Credential.PlainPassword) credential).password(), stored.get());
    }

    /** What {@code provisioned_from} records: the digest of a hash handed over; null for a plain password. */
    private static String provenance(Credential credential) {
        return credential instanceof Credential.PasswordHash given ? given.provenance() : null;
    }

    @Override
    public boolean exists(UserId user) {
        return storedHash(user).isPresent();
    }

    @Override
    public List<UserId> list() {
        return PostgresCalls.onHandle(jdbi, "list the accounts", h -> h.createQuery(
                        "SELECT name FROM accounts ORDER BY name COLLATE \"C\"")
                .mapTo(String.class)
                .map(UserId::new)
                .list());
    }

    private String decoyHash() {
        String decoy = decoyHash;
        if (decoy == null) {
            decoy = hashing.hash("decoy password that matches nothing");
            decoyHash = decoy;
        }
        return decoy;
    }

    private Optional<String> storedHash(UserId user) {
        return PostgresCalls.onHandle(jdbi, "read an account", h -> h.createQuery(
                        "SELECT password_hash FROM accounts WHERE name = ?")
                .bind(0, user.name())
                .mapTo(String.class)
                .findOne());
    }

    private String hashOf(Credential credential) {
        if (credential instanceof Credential.PasswordHash given) {
            if (!hashing.accepts(given.phc())) {
                throw new IllegalArgumentException("unsupported password hash: not a form this server's password hashing checks");
            }
            return given.phc();
        }
        return hashing.hash(((Credential.PlainPassword) credential).password());
    }
}
