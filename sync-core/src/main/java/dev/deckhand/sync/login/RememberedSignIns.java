package dev.deckhand.sync.login;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.SignInOutcome;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers a remote backend's successful sign-ins (Cognito, LDAP) for a while, so that a burst of
 * logins does not call it every time. Only successes are remembered, each for the exact password
 * that succeeded; anything else always asks the backend. A refusal forgets the user at once, so a
 * changed password or a disabled account takes effect on the next failed attempt, and at the
 * latest when the entry expires.
 *
 * <p>The password is kept only as an HMAC under a key made at start-up and never stored, and is
 * compared in constant time. The cache holds at most {@code maxEntries} users, dropping the least
 * recently used. Thread-safe.
 */
public final class RememberedSignIns implements Authenticator {

    private static final String HMAC = "HmacSHA256";

    private final Authenticator backend;
    private final Duration ttl;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Remembered> entries;

    private record Remembered(byte[] passwordMac, UserId user, long expiresAtMillis) {}

    public RememberedSignIns(Authenticator backend, Duration ttl, int maxEntries, Clock clock) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive; leave the backend undecorated to remember nothing");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public SignInOutcome signIn(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        byte[] mac = mac(username, password);
        long now = clock.millis();
        Remembered remembered;
        synchronized (entries) {
            remembered = entries.get(username);
        }
        if (remembered != null && now < remembered.expiresAtMillis()
                && MessageDigest.isEqual(remembered.passwordMac(), mac)) {
            return new SignInOutcome.SignedIn(remembered.user());
        }
        SignInOutcome outcome = backend.signIn(username, password);
        synchronized (entries) {
            if (outcome instanceof SignInOutcome.SignedIn signedIn) {
                entries.put(username, new Remembered(mac, signedIn.user(), now + ttl.toMillis()));
            } else if (!(outcome instanceof SignInOutcome.Unavailable)) {
                entries.remove(username);
            }
        }
        return outcome;
    }

    /** An HMAC over the length-prefixed name and the password, so no two pairs can collide. */
    private byte[] mac(String username, String password) {
        byte[] name = username.getBytes(StandardCharsets.UTF_8);
        try {
            Mac hmac = Mac.getInstance(HMAC);
            hmac.init(key);
            hmac.update(ByteBuffer.allocate(Integer.BYTES).putInt(name.length).array());
            hmac.update(name);
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
