package dev.deckhand.ports.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A user by name: whose collection, media and host keys these are, and who holds a role in a
 * shared deck. After a sign-in it is the name the backend answered with, which need not be what
 * the user typed (LDAP may answer with an attribute of the entry, Cognito with its own user name);
 * names from elsewhere (the command line, the administrators' API, a maintainer naming a deck
 * member) are valid names, not proof that the account exists.
 *
 * <p>Names come from users and directories and are hostile: they may contain {@code /}, {@code ..},
 * spaces, Unicode or case variants. They are never used as file-system paths; use
 * {@link #storageKey()}.
 */
public record UserId(String name) {

    /** Longest accepted name, in UTF-16 code units. */
    public static final int MAX_LENGTH = 256;

    public UserId {
        Objects.requireNonNull(name, "name");
        problem(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** The user of this name, or empty when it is not a valid name. */
    public static Optional<UserId> parse(String name) {
        return name != null && problem(name).isEmpty() ? Optional.of(new UserId(name)) : Optional.empty();
    }

    private static Optional<String> problem(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return Optional.of("user name must have 1 to " + MAX_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("user name must not contain control characters");
        }
        return Optional.empty();
    }

    /**
     * A file-system-safe, collision-free key for this user's storage.
     *
     * <p>It is a readable prefix (lower-case ASCII letters, digits, {@code .}, {@code _}, {@code -}
     * taken from the name, at most 32) followed by 24 hex digits of the SHA-256 of the exact name.
     * The hash keeps {@code Alice} and {@code alice}, or {@code a/b} and {@code a_b}, apart even on
     * case-insensitive file systems; the prefix lets an operator find a user's folder.
     */
    public StorageKey storageKey() {
        StringBuilder readable = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (readable.length() == 32) {
                break;
            }
            boolean safe = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            readable.append(safe ? c : '_');
        }
        return new StorageKey(readable + "-" + HexFormat.of().formatHex(sha256(name), 0, 12));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
