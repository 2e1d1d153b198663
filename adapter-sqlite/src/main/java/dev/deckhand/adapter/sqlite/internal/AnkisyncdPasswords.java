package dev.deckhand.adapter.sqlite.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * ankisyncd's password hashes ({@code users/sqlite_manager.py}): the hex SHA-256 of the UTF-8 of
 * name, password and salt, followed by the salt (16 hex digits), 80 characters in all. Kept only so
 * that moved-in users sign in with the password they have: one SHA-256 is far too cheap to guess
 * against, so the first successful sign-in replaces it with a PBKDF2 hash. Stored behind a prefix
 * so it is never taken for a PHC string.
 */
public final class AnkisyncdPasswords {

    public static final String PREFIX = "$ankisyncd-sha256$";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{80}");
    private static final int SALT_HEX_DIGITS = 16;

    private AnkisyncdPasswords() {}

    /** Whether {@code hash} is in the form ankisyncd writes to {@code auth.db}. */
    public static boolean isValid(String hash) {
        return HASH.matcher(hash).matches();
    }

    /** The stored form of a valid {@code auth.db} hash. */
    public static String stored(String hash) {
        if (!isValid(hash)) {
            throw new IllegalArgumentException("not an ankisyncd password hash");
        }
        return PREFIX + hash;
    }

    public static boolean isStored(String stored) {
        return stored.startsWith(PREFIX);
    }

    /** Checks a password in constant time for a given hash; the name is part of what was hashed. */
    public static boolean verify(String username, String password, String stored) {
        String hash = stored.substring(PREFIX.length());
        if (!isValid(hash)) {
            return false;
        }
        String salt = hash.substring(hash.length() - SALT_HEX_DIGITS);
        String expected = sha256Hex(username + password + salt) + salt;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
