package dev.deckhand.ports.testing;

import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.CollectionTransactions;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.MediaLedger;
import org.junit.jupiter.api.Nested;

/** The in-memory doubles honour the same contracts as the real adapters. */
class InMemoryStoresTest {

    @Nested
    class HostKeys extends HostKeyStoreContract {
        @Override
        protected HostKeyStore newStore() {
            return new InMemoryHostKeyStore();
        }
    }

    @Nested
    class Blobs extends BlobStoreContract {
        @Override
        protected BlobStore newStore() {
            return new InMemoryBlobStore();
        }
    }

    @Nested
    class Collections extends SyncTransactionContract {
        @Override
        protected CollectionTransactions newCollections() {
            return new InMemoryCollectionTransactions();
        }
    }

    @Nested
    class Ledgers extends MediaLedgerContract {
        @Override
        protected MediaLedger newLedger() {
            return new InMemoryMediaLedger();
        }
    }

    @Nested
    class Accounts extends AccountStoreContract {
        @Override
        @SuppressWarnings("unchecked")
        protected <T extends AccountStore & Authenticator> T newStore() {
            return (T) new InMemoryAccountStore();
        }
    }
}
