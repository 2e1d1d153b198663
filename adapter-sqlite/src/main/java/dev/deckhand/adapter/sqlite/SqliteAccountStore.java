package dev.deckhand.adapter.sqlite;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.PasswordHashing;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.StorageException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Built-in accounts in the server database, and the sign-in backend that checks them. Every change
 * is read by the next login, so accounts added or removed from the command line count at once.
 * Passwords are hashed and checked by the {@link PasswordHashing} it is given.
 */
public final class SqliteAccountStore implements AccountStore, Authenticator {

    private final Jdbi jdbi;
    /** Stands in for a name that is no valid user, whose sign-in checks the decoy hash. */
    private static final UserId NOBODY = new UserId("nobody");

    private final PasswordHashing hashing;
    private final Clock clock;
    /**
     * Verified when the user is unknown, so that case costs the same time as a wrong password. Made
     * on first use: the admin command line builds a store per command and never needs it.
     */
    private volatile String decoyHash;

    public SqliteAccountStore(ServerDatabase database, Clock clock, PasswordHashing hashing) {
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hashing = Objects.requireNonNull(hashing, "hashing");
    }

    @Override
    public SignInOutcome signIn(String username, String password) {
        Optional<UserId> user = UserId.parse(username);
        Optional<String> stored = user.flatMap(this::storedHash);
        if (stored.isEmpty()) {
            // An unknown user costs the same time as a wrong password, so names cannot be probed.
            hashing.verify(NOBODY, password, decoyHash());
            return new SignInOutcome.Rejected();
        }
        if (!hashing.verify(user.get(), password, stored.get())) {
            return new SignInOutcome.Rejected();
        }
        if (hashing.wantsRehash(stored.get())) {
            replaceHash(user.get(), stored.get(), password);
        }
        return new SignInOutcome.SignedIn(user.get());
    }

    /**
     * Hashes a throw-away password a few times, so the hashing loops are compiled before the first
     * real sign-in: an interpreted first hash takes seconds, and Anki's desktop app loses the
     * wrong-password warning when a sign-in answers late. Call once before the server listens.
     */
    public void warmUp() {
        hashing.warmUp();
    }

    /**
     * A hash the hashing wants replaced (ankisyncd's, say) is replaced as soon as the password is
     * known to be right. Only if it is still the hash that was checked: a password changed meanwhile wins.
     */
    private void replaceHash(UserId user, String old, String password) {
        String replacement = hashing.hash(password);
        update(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE accounts SET password_hash = ? WHERE name = ? AND password_hash = ?")
                .bind(0, replacement)
                .bind(1, user.name())
                .bind(2, old)
                .execute()));
    }

    @Override
    public boolean add(UserId user, Credential credential) {
        String hash = hashOf(credential);
        return update(() -> jdbi.withHandle(h -> h.createUpdate("INSERT INTO accounts (name, password_hash, provisioned_from, created_at)"
                                + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")
                        .bind(0, user.name())
                        .bind(1, hash)
                        .bind(2, provenance(credential).orElse(null))
                        .bind(3, clock.millis())
                        .execute()))
                == 1;
    }

    @Override
    public boolean remove(UserId user) {
        return update(() -> jdbi.withHandle(
                        h -> h.createUpdate("DELETE FROM accounts WHERE name = ?").bind(0, user.name()).execute()))
                == 1;
    }

    @Override
    public boolean setCredential(UserId user, Credential credential) {
        String hash = hashOf(credential);
        return update(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE accounts SET password_hash = ?, provisioned_from = ? WHERE name = ?")
                        .bind(0, hash)
                        .bind(1, provenance(credential).orElse(null))
                        .bind(2, user.name())
                        .execute()))
                == 1;
    }

    /**
     * A hash matches the one stored, or the one the account was set from: a sign-in may have replaced
     * that with another hash of the same password, and the settings that handed it over still hold.
     */
    @Override
    public boolean matches(UserId user, Credential credential) {
        if (credential instanceof Credential.PasswordHash given) {
            return read(() -> jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM accounts WHERE name = ?"
                            + " AND (password_hash = ? OR provisioned_from = ?))")
                    .bind(0, user.name())
                    .bind(1, given.phc())
                    .bind(2, given.provenance())
                    .mapTo(Boolean.class)
                    .one()));
        }
        Optional<String> stored = storedHash(user);
        return stored.isPresent() && hashing.verify(user, ((Credential.PlainPassword) credential).password(), stored.get());
    }

    @Override
    public boolean exists(UserId user) {
        return storedHash(user).isPresent();
    }

    @Override
    public List<UserId> list() {
        return read(() -> jdbi.withHandle(h -> h.createQuery("SELECT name FROM accounts ORDER BY name")
                .mapTo(String.class)
                .map(UserId::new)
                .list()));
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
        return read(() -> jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE name = ?")
                .bind(0, user.name())
                .mapTo(String.class)
                .findOne()));
    }

    private String hashOf(Credential credential) {
        if (credential instanceof Credential.PasswordHash given) {
            if (!hashing.accepts(given.phc())) {
                throw new IllegalArgumentException(
                        "unsupported password hash: expected $pbkdf2-sha256$i=<iterations>,l=<length>$<salt>$<hash>");
            }
            return given.phc();
        }
        return hashing.hash(((Credential.PlainPassword) credential).password());
    }

    /** What {@code provisioned_from} records for a credential: the digest of a hash handed over, nothing for a plain password. */
    static Optional<String> provenance(Credential credential) {
        return credential instanceof Credential.PasswordHash given ? Optional.of(given.provenance()) : Optional.empty();
    }

    private static <T> T read(Supplier<T> query) {
        try {
            return query.get();
        } catch (JdbiException e) {
            throw new StorageException("cannot read the accounts", e);
        }
    }

    private static int update(IntSupplier statement) {
        try {
            return statement.getAsInt();
        } catch (JdbiException e) {
            throw new StorageException("cannot change the accounts", e);
        }
    }
}
