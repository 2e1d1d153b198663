package dev.deckhand.adapter.passwords;

import dev.deckhand.adapter.passwords.internal.AnkisyncdPasswords;
import dev.deckhand.adapter.passwords.internal.Pbkdf2Passwords;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.PasswordHashing;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * PBKDF2 in PHC strings. Writes {@code $pbkdf2-sha512$} with 210,000 iterations (OWASP's figure for
 * SHA-512); checks those, the official server's {@code $pbkdf2-sha256$}, the SHA-1
 * {@code $pbkdf2$} some tools write, and ankisyncd's salted SHA-256 moved in from {@code auth.db}.
 *
 * <p>ankisyncd's form wants a rehash: one SHA-256 is far too cheap to guess against.
 */
public final class Pbkdf2PasswordHashing implements PasswordHashing {

    private final Pbkdf2Passwords passwords;

    /** New hashes at 210,000 iterations. */
    public Pbkdf2PasswordHashing() {
        this(Pbkdf2Passwords.ITERATIONS);
    }

    /** With a custom cost for new hashes; tests use a low one to stay fast. */
    public Pbkdf2PasswordHashing(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.passwords = new Pbkdf2Passwords(new SecureRandom(), iterations);
    }

    @Override
    public String hash(String password) {
        return passwords.hash(Objects.requireNonNull(password, "password"));
    }

    @Override
    public boolean verify(UserId user, String password, String stored) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        return AnkisyncdPasswords.isStored(stored)
                ? AnkisyncdPasswords.verify(user.name(), password, stored)
                : Pbkdf2Passwords.verify(password, stored);
    }

    @Override
    public boolean wantsRehash(String stored) {
        return AnkisyncdPasswords.isStored(stored);
    }

    @Override
    public boolean accepts(String stored) {
        return Pbkdf2Passwords.isSupported(stored);
    }

    @Override
    public void warmUp() {
        Pbkdf2Passwords.warmUp();
    }
}
