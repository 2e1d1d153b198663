package dev.deckhand.ports.movein;

import dev.deckhand.ports.model.Credential;
import java.util.Objects;

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
        public AnkisyncdHash {
            Objects.requireNonNull(hash, "hash");
        }

        @Override
        public String toString() {
            return "AnkisyncdHash[redacted]";
        }
    }
}
