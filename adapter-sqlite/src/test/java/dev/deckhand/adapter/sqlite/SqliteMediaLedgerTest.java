package dev.deckhand.adapter.sqlite;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.MediaLedger;
import dev.deckhand.ports.testing.MediaLedgerContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The media ledger in the server database honours the contract; {@code liveFiles} is its own. */
class SqliteMediaLedgerTest extends MediaLedgerContract {

    private final UserId alice = new UserId("alice");
    private final UserId bob = new UserId("bob");
    @TempDir
    Path folder;
    private ServerDatabase database;

    @Override
    protected MediaLedger newLedger() {
        database = ServerDatabase.open(folder.resolve("deckhand.sqlite"), STAMP);
        return new SqliteMediaLedger(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void liveFiles_areTheUsersFilesByName_withoutDeletionsOrOtherUsers() {
        SqliteMediaLedger ledger = new SqliteMediaLedger(database);
        ledger.apply(alice, List.of(put("b.jpg", file('b', 20)), put("a.jpg", file('a', 10)), put("gone.mp3", file('c', 5))), 100);
        ledger.apply(alice, List.of(delete("gone.mp3")), 101);
        ledger.apply(bob, List.of(put("bob.jpg", file('d', 7))), 102);

        assertThat(ledger.liveFiles(alice)).containsExactly(
                Map.entry("a.jpg", file('a', 10)), Map.entry("b.jpg", file('b', 20)));
    }
}
