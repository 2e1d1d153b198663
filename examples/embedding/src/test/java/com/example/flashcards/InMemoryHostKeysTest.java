package com.example.flashcards;

import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.testing.HostKeyStoreContract;

class InMemoryHostKeysTest extends HostKeyStoreContract {

    @Override
    protected HostKeyStore newStore() {
        return new InMemoryHostKeys();
    }
}
