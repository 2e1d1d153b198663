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
 * <p>Every form but its own at full cost wants a rehash. ankisyncd's is one SHA-256, far too cheap
 * to guess against. The SHA-256 and SHA-1 forms are as strong at OWASP's figures, but slower to
 * check: 600,000 iterations of SHA-256 take about 0.45 s of CPU under the C1-only JIT Deckhand runs
 * with on small machines, against about 0.25 s for 210,000 of SHA-512 (docs/performance.md). A
 * SHA-512 hash with fewer iterations than this instance writes is weaker than it should be. A store
 * replaces a hash only after a sign-in proved the password right.
 */
public final class Pbkdf2PasswordHashing implements PasswordHashing {

    private final Pbkdf2Passwords passwords;
    private final int iterations;

    /** New hashes at 210,000 iterations. */
    public Pbkdf2PasswordHashing() {
        this(Pbkdf2Passwords.ITERATIONS);
    }

    /** With a custom cost for new hashes; tests use a low one to stay fast. */
    public Pbkdf2PasswordHashing(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
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
        return AnkisyncdPasswords.isStored(stored)
                || Pbkdf2Passwords.isSupported(stored) && !Pbkdf2Passwords.isCurrent(stored, iterations);
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
