package dev.deckhand.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.MediaState;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.BuildStamp;
import dev.deckhand.ports.out.MediaLedger.MediaUpdate;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SqliteMediaLedgerTest {

    private static final BuildStamp TEST_BUILD = new BuildStamp("test", "unknown");

    private final UserId alice = new UserId("alice");
    private final UserId bob = new UserId("bob");
    private SqliteMediaLedger ledger;

    @BeforeEach
    void setUp() throws Exception {
        ledger = new SqliteMediaLedger(ServerDatabase.open(Files.createTempDirectory("ledger").resolve("deckhand.sqlite"), TEST_BUILD));
    }

    private static MediaFile file(char fill, long size) {
        return new MediaFile(String.valueOf(fill).repeat(40), new Sha256(String.valueOf(fill).repeat(64)), size);
    }

    private static MediaUpdate put(String name, MediaFile content) {
        return new MediaUpdate(name, Optional.of(content));
    }

    private static MediaUpdate delete(String name) {
        return new MediaUpdate(name, Optional.empty());
    }

    @Test
    void eachRealChange_takesOneUsn_andIdenticalReuploadsAndMissingDeletesTakeNone() {
        MediaState state = ledger.apply(alice, List.of(put("a.jpg", file('a', 10)), put("b.jpg", file('b', 20))), 100);
        assertThat(state).isEqualTo(new MediaState(2, 2, 30));

        state = ledger.apply(alice, List.of(put("a.jpg", file('a', 10)), delete("never-there.mp3")), 101);
        assertThat(state.lastUsn()).isEqualTo(2);

        state = ledger.apply(alice, List.of(put("a.jpg", file('c', 5)), delete("b.jpg")), 102);
        assertThat(state).isEqualTo(new MediaState(4, 1, 5));
    }

    @Test
    void changesAfter_areInUsnOrder_withDeletionsAsEmptySha1() {
        ledger.apply(alice, List.of(put("a.jpg", file('a', 10)), put("b.jpg", file('b', 20))), 100);
        ledger.apply(alice, List.of(delete("a.jpg")), 101);

        List<MediaChange> changes = ledger.changesAfter(alice, 0, 1000);

        assertThat(changes).containsExactly(new MediaChange("b.jpg", 2, "b".repeat(40)), new MediaChange("a.jpg", 3, ""));
        assertThat(ledger.changesAfter(alice, 2, 1000)).containsExactly(new MediaChange("a.jpg", 3, ""));
        assertThat(ledger.changesAfter(alice, 0, 1)).hasSize(1);
        assertThat(ledger.file(alice, "a.jpg")).isEmpty();
        assertThat(ledger.file(alice, "b.jpg")).contains(file('b', 20));
    }

    @Test
    void usersAreIsolated_butBlobReferencesCountAcrossUsers() {
        ledger.apply(alice, List.of(put("shared.png", file('e', 10))), 100);
        ledger.apply(bob, List.of(put("same-bytes.png", file('e', 10))), 100);

        assertThat(ledger.state(bob).lastUsn()).isEqualTo(1);
        assertThat(ledger.file(bob, "shared.png")).isEmpty();

        ledger.apply(alice, List.of(delete("shared.png")), 101);
        assertThat(ledger.references(new Sha256("e".repeat(64)))).as("bob still uses it").isTrue();

        ledger.apply(bob, List.of(delete("same-bytes.png")), 101);
        assertThat(ledger.references(new Sha256("e".repeat(64)))).isFalse();
    }

    @Test
    void concurrentBatchesOfOneUser_neverShareAUsn() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<MediaState>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "f" + i + ".jpg";
            char fill = (char) ('a' + (i % 6));
            results.add(pool.submit(() -> ledger.apply(alice, List.of(put(name, file(fill, 1))), 100)));
        }
        for (Future<MediaState> result : results) {
            result.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(ledger.state(alice).lastUsn()).isEqualTo(20);
        assertThat(ledger.changesAfter(alice, 0, 1000)).extracting(MediaChange::usn).doesNotHaveDuplicates().hasSize(20);
    }

    @Test
    void liveFiles_areTheUsersFilesByName_withoutDeletionsOrOtherUsers() {
        ledger.apply(alice, List.of(put("b.jpg", file('b', 20)), put("a.jpg", file('a', 10)), put("gone.mp3", file('c', 5))), 100);
        ledger.apply(alice, List.of(delete("gone.mp3")), 101);
        ledger.apply(bob, List.of(put("bob.jpg", file('d', 7))), 102);

        assertThat(ledger.liveFiles(alice)).containsExactly(
                Map.entry("a.jpg", file('a', 10)), Map.entry("b.jpg", file('b', 20)));
    }
}
