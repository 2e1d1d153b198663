package dev.deckhand.adapter.sqlite;

import dev.deckhand.adapter.sqlite.internal.AnkisyncdPasswords;
import dev.deckhand.adapter.sqlite.internal.Pbkdf2Passwords;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.StorageException;
import java.security.SecureRandom;
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
 */
public final class SqliteAccountStore implements AccountStore, Authenticator {

    private final Jdbi jdbi;
    private final Pbkdf2Passwords passwords;
    private final Clock clock;
    /**
     * Verified when the user is unknown, so that case costs the same time as a wrong password. Made
     * on first use: the admin command line builds a store per command and never needs it.
     */
    private volatile String decoyHash;

    public SqliteAccountStore(ServerDatabase database, Clock clock) {
        this(database, clock, Pbkdf2Passwords.ITERATIONS);
    }

    /** With a custom PBKDF2 cost for new hashes; tests use a low one to stay fast. */
    public SqliteAccountStore(ServerDatabase database, Clock clock, int pbkdf2Iterations) {
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
        this.clock = Objects.requireNonNull(clock, "clock");
        if (pbkdf2Iterations < 1) {
            throw new IllegalArgumentException("pbkdf2Iterations must be positive");
        }
        this.passwords = new Pbkdf2Passwords(new SecureRandom(), pbkdf2Iterations);
    }

    @Override
    public SignInOutcome signIn(String username, String password) {
        Optional<String> stored = UserId.parse(username).flatMap(this::storedHash);
        boolean good = verify(username, password, stored.orElseGet(this::decoyHash));
        if (!good || stored.isEmpty()) {
            return new SignInOutcome.Rejected();
        }
        UserId user = new UserId(username);
        if (AnkisyncdPasswords.isStored(stored.get())) {
            replaceWeakHash(user, stored.get(), password);
        }
        return new SignInOutcome.SignedIn(user);
    }

    /**
     * Hashes a throw-away password a few times, so the hashing loops are compiled before the first
     * real sign-in: an interpreted first hash takes seconds, and Anki's desktop app loses the
     * wrong-password warning when a sign-in answers late. Call once before the server listens.
     */
    public void warmUp() {
        Pbkdf2Passwords.warmUp();
    }

    /** A hash moved in from ankisyncd is replaced by a slow one as soon as the password is known to be right. */
    private void replaceWeakHash(UserId user, String weak, String password) {
        String strong = passwords.hash(password);
        update(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE accounts SET password_hash = ? WHERE name = ? AND password_hash = ?")
                .bind(0, strong)
                .bind(1, user.name())
                .bind(2, weak)
                .execute()));
    }

    private static boolean verify(String username, String password, String stored) {
        return AnkisyncdPasswords.isStored(stored)
                ? AnkisyncdPasswords.verify(username, password, stored)
                : Pbkdf2Passwords.verify(password, stored);
    }

    @Override
    public boolean add(UserId user, Credential credential) {
        String hash = hashOf(credential);
        return update(() -> jdbi.withHandle(h -> h.createUpdate(
                                "INSERT INTO accounts (name, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")
                        .bind(0, user.name())
                        .bind(1, hash)
                        .bind(2, clock.millis())
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
        return update(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE accounts SET password_hash = ? WHERE name = ?")
                        .bind(0, hash)
                        .bind(1, user.name())
                        .execute()))
                == 1;
    }

    @Override
    public boolean matches(UserId user, Credential credential) {
        Optional<String> stored = storedHash(user);
        if (stored.isEmpty()) {
            return false;
        }
        if (credential instanceof Credential.PasswordHash given) {
            return stored.get().equals(given.phc());
        }
        return verify(user.name(), ((Credential.PlainPassword) credential).password(), stored.get());
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
            decoy = passwords.hash("decoy password that matches nothing");
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
            if (!Pbkdf2Passwords.isSupported(given.phc())) {
                throw new IllegalArgumentException(
                        "unsupported password hash: expected $pbkdf2-sha256$i=<iterations>,l=<length>$<salt>$<hash>");
            }
            return given.phc();
        }
        return passwords.hash(((Credential.PlainPassword) credential).password());
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
