package dev.deckhand.adapter.sqlite.collection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.adapter.sqlite.collection.SqliteCollectionStore;
import dev.deckhand.ports.model.SanityCounts;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionTransactions;
import dev.deckhand.ports.out.SyncTransaction;
import dev.deckhand.ports.testing.SyncTransactionContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

    @Test
    void counts_seeRowsAnotherConnectionWroteBetweenSyncs() throws Exception {
        UserId carol = new UserId("carol");
        SanityCounts before;
        try (SyncTransaction tx = store.begin(carol)) {
            before = tx.counts();
            tx.commit(1_700_000_000_000L);
        }
        Path file = new CollectionFiles(dataFolder).collection(carol);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = other.createStatement()) {
            statement.execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES (1, 2, 0, 3, 1, 0, 2500, 900, 0)");
        }

        try (SyncTransaction tx = store.begin(carol)) {
            assertThat(tx.counts().revlog()).isEqualTo(before.revlog() + 1);
        }
    }
}
