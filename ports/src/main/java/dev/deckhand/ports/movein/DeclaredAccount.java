package dev.deckhand.ports.movein;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import java.util.Objects;

/**
 * An account from the settings the old official server read ({@code SYNC_USERn=name:secret}). Its
 * devices hold a host key derived from exactly that setting, which is why it comes along.
 */
public record DeclaredAccount(UserId user, Credential credential) {
    public DeclaredAccount {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(credential, "credential");
    }
}
