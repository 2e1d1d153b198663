package dev.deckhand.adapter.sqlite.collection.internal;

import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.adapter.sqlite.collection.SqliteCollectionStore;
import dev.deckhand.ports.out.CollectionTransactions;
import dev.deckhand.ports.testing.SyncTransactionContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Collection files in schema 18 under a temporary data folder honour the sync transaction contract. */
class SqliteSyncTransactionTest extends SyncTransactionContract {

    @TempDir
    Path dataFolder;
    private SqliteCollectionStore store;

    @Override
    protected CollectionTransactions newCollections() {
        store = new SqliteCollectionStore(dataFolder, new EmptyCollectionFactory(Clock.systemUTC()));
        return store;
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
