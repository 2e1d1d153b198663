package com.example.flashcards;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.SignInOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The team's own sign-in: a fixed set of accounts. A real service would ask its user database or
 * identity provider here; Deckhand only needs the answer.
 */
public final class TeamAccounts implements Authenticator {

    private final Map<String, String> passwords;

    /** @param passwords password by user name */
    public TeamAccounts(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    @Override
    public SignInOutcome signIn(String username, String password) {
        String expected = passwords.get(username);
        // Compared in constant time, so the answer's timing tells nothing about the password.
        if (expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8))) {
            return new SignInOutcome.SignedIn(new UserId(username));
        }
        return new SignInOutcome.Rejected();
    }
}
