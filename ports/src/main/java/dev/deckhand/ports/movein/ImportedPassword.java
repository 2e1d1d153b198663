package dev.deckhand.ports.movein;

import dev.deckhand.ports.model.Credential;
import java.util.Objects;
import java.util.regex.Pattern;

/** A password that moves in with its user, so the user keeps signing in with it. */
public sealed interface ImportedPassword {

    /** From the settings both servers read ({@code SYNC_USERn}, {@code PASSWORDS_HASHED}). */
    record FromSettings(Credential credential) implements ImportedPassword {
        public FromSettings {
            Objects.requireNonNull(credential, "credential");
        }
    }

    /**
     * ankisyncd's {@code auth.db} hash: hex SHA-256 of name, password and salt, then the 16-hex-digit
     * salt. Too fast to keep for long: it is replaced by a slow hash at the next successful sign-in.
     */
    record AnkisyncdHash(String hash) implements ImportedPassword {

        /**
         * Put before such a hash in an account store, so it is never taken for a PHC string; the
         * {@code PasswordHashing} adapter checks passwords against the stored form.
         */
        public static final String STORED_PREFIX = "$ankisyncd-sha256$";
        private static final Pattern FORM = Pattern.compile("[0-9a-f]{80}");

        public AnkisyncdHash {
            Objects.requireNonNull(hash, "hash");
        }

        /** Whether the hash has the form ankisyncd writes: 64 lower-case hex digits of digest, then 16 of salt. */
        public boolean isWellFormed() {
            return FORM.matcher(hash).matches();
        }

        /** What an account store keeps: {@link #STORED_PREFIX} and the hash. */
        public String stored() {
            if (!isWellFormed()) {
                throw new IllegalStateException("not an ankisyncd password hash");
            }
            return STORED_PREFIX + hash;
        }

        @Override
        public String toString() {
            return "AnkisyncdHash[redacted]";
        }
    }
}
