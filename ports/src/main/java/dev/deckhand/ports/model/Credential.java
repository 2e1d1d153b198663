package dev.deckhand.ports.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** A password as an administrator supplies it: in plain text, or already hashed. */
public sealed interface Credential {

    /** A plain password; hashed with a slow KDF before it is stored. */
    record PlainPassword(String password) implements Credential {
        public PlainPassword {
            Objects.requireNonNull(password, "password");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
        }

        @Override
        public String toString() {
            return "PlainPassword[redacted]";
        }
    }

    /**
     * A password hash in PHC string format ({@code $pbkdf2-sha256$i=...,l=32$salt$hash}), as the
     * official server's {@code PASSWORDS_HASHED} setting expects.
     */
    record PasswordHash(String phc) implements Credential {
        public PasswordHash {
            Objects.requireNonNull(phc, "phc");
            if (!phc.startsWith("$")) {
                throw new IllegalArgumentException("password hash must be in PHC format ($alg$params$salt$hash)");
            }
        }

        /**
         * The SHA-256 of the PHC string, in hex: what an account store records to recognise the hash
         * an account was set from after a sign-in replaced it, without keeping that hash readable.
         */
        public String provenance() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(phc.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        @Override
        public String toString() {
            return "PasswordHash[redacted]";
        }
    }
}
