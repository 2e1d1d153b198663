package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.decks.PresignedRequest;
import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.CollectionTransactions;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.MediaLedger;
import dev.deckhand.ports.out.PasswordHashing;
import dev.deckhand.ports.out.decks.ObjectStore;
import dev.deckhand.ports.out.nodes.Placements;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The in-memory doubles honour the same contracts as the real adapters. */
class InMemoryStoresTest {

    @Nested
    class Passwords extends PasswordHashingContract {
        @Override
        protected PasswordHashing newHashing() {
            return new FastPasswordHashing();
        }

        @Test
        void theOldForm_verifiesAndWantsARehash() {
            FastPasswordHashing hashing = new FastPasswordHashing();
            String old = hashing.oldForm("pw");

            assertThat(hashing.verify(new UserId("alice"), "pw", old)).isTrue();
            assertThat(hashing.verify(new UserId("alice"), "pW", old)).isFalse();
            assertThat(hashing.accepts(old)).isTrue();
            assertThat(hashing.wantsRehash(old)).isTrue();
        }
    }

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
    class Objects extends ObjectStoreContract {
        private final InMemoryObjectStore store = new InMemoryObjectStore(Clock.systemUTC());

        @Override
        protected ObjectStore newStore() {
            return store;
        }

        @Override
        protected Answer send(PresignedRequest request, URI url, byte[] body) {
            InMemoryObjectStore.Response response =
                    store.perform(new PresignedRequest(request.method(), url, request.headers(), request.expiresAt()), body);
            return new Answer(response.status(), response.body());
        }
    }

    @Nested
    class SignIns extends AuthenticatorContract {
        @Override
        protected Authenticator newAuthenticator() {
            return inMemoryAccountsKnowingAlice();
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

    @Nested
    class NodePlacements extends PlacementsContract {
        @Override
        protected Placements newPlacements() {
            return new InMemoryPlacements();
        }
    }
}
