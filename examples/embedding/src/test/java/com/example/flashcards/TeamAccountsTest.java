package com.example.flashcards;

import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.testing.AuthenticatorContract;
import java.util.Map;

class TeamAccountsTest extends AuthenticatorContract {

    @Override
    protected Authenticator newAuthenticator() {
        return new TeamAccounts(Map.of(ALICE, ALICE_PASSWORD));
    }
}
