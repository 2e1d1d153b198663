package dev.deckhand.ports.out;

import dev.deckhand.ports.model.UserId;
import java.util.Objects;

/** Whom a host key was issued to, and when. */
public record IssuedHostKey(UserId user, long issuedAtMillis) {
    public IssuedHostKey {
        Objects.requireNonNull(user, "user");
    }
}
