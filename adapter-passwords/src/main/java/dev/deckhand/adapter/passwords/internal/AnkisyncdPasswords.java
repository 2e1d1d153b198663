package dev.deckhand.adapter.passwords.internal;

import dev.deckhand.ports.movein.ImportedPassword;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * ankisyncd's password hashes ({@code users/sqlite_manager.py}): the hex SHA-256 of the UTF-8 of
 * name, password and salt, followed by the salt (16 hex digits), 80 characters in all. Kept only so
 * that moved-in users sign in with the password they have: one SHA-256 is far too cheap to guess
 * against, so the first successful sign-in replaces it with a PBKDF2 hash. Stored behind
 * {@link ImportedPassword.AnkisyncdHash#STORED_PREFIX} so it is never taken for a PHC string.
 */
public final class AnkisyncdPasswords {

    public static final String PREFIX = ImportedPassword.AnkisyncdHash.STORED_PREFIX;
    private static final int SALT_HEX_DIGITS = 16;

    private AnkisyncdPasswords() {}

    public static boolean isStored(String stored) {
        return stored.startsWith(PREFIX);
    }

    /** Checks a password in constant time for a given hash; the name is part of what was hashed. */
    public static boolean verify(String username, String password, String stored) {
        String hash = stored.substring(PREFIX.length());
        if (!new ImportedPassword.AnkisyncdHash(hash).isWellFormed()) {
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
