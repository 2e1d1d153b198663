package dev.deckhand.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.InvalidSyncDataException;
import dev.deckhand.ports.in.SanityOutcome;
import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.model.CardRow;
import dev.deckhand.ports.model.Chunk;
import dev.deckhand.ports.model.Graves;
import dev.deckhand.ports.model.LegacyObject;
import dev.deckhand.ports.model.NoteRow;
import dev.deckhand.ports.model.RevlogRow;
import dev.deckhand.ports.model.SanityCounts;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.UnchunkedChanges;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SyncEvents;
import dev.deckhand.ports.testing.InMemorySyncTransaction;
import dev.deckhand.ports.testing.SettableClock;
import dev.deckhand.sync.lock.UserLocks;
import dev.deckhand.sync.placement.PlacedLocks;
import dev.deckhand.sync.placement.UserPlacement;
import dev.deckhand.sync.session.SyncSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NormalSyncServiceTest {

    private static final int SERVER_USN = 10;
    private static final int CLIENT_USN = 8;
    private final UserId alice = new UserId("alice");
    private final SessionKey key = new SessionKey("s1");
    private final SettableClock clock = new SettableClock(Instant.ofEpochMilli(1_700_000_000_000L));
    private InMemorySyncTransaction tx = new InMemorySyncTransaction(SERVER_USN);
    private final SyncSessions sessions = new SyncSessions(user -> tx, clock, Duration.ofMinutes(5));
    private final UserLocks locks = new UserLocks(Duration.ofMillis(100), SyncEvents.NONE);
    private final NormalSyncService sync =
            new NormalSyncService(sessions, locks, new PlacedLocks(locks, UserPlacement.ONE_NODE), clock);

    private Graves start(boolean clientIsNewer) {
        return sync.start(alice, key, CLIENT_USN, clientIsNewer, Optional.empty());
    }

    private static UnchunkedChanges changes(List<LegacyObject> notetypes, List<LegacyObject> decks, List<String> tags) {
        return new UnchunkedChanges(notetypes, decks, List.of(), tags, Optional.empty(), OptionalLong.empty());
    }

    private static LegacyObject notetype(long id, long mtime, int usn, String name, int fields) {
        return new LegacyObject(id, mtime, usn, name, fields, 1, "{\"id\":" + id + ",\"mod\":" + mtime + "}");
    }

    private static LegacyObject deck(long id, long mtime, int usn, String name) {
        return new LegacyObject(id, mtime, usn, name, 0, 0, "{\"id\":" + id + "}");
    }

    private static CardRow card(long id, long mtime, int usn) {
        return new CardRow(id, 1, 1, 0, mtime, usn, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, "{}");
    }

    private static NoteRow note(long id, long notetypeId, long mtime, int usn, String fields) {
        return new NoteRow(id, "g" + id, notetypeId, mtime, usn, "", fields);
    }

    private static Chunk chunk(List<RevlogRow> revlog, List<CardRow> cards, List<NoteRow> notes) {
        return new Chunk(true, revlog, cards, notes);
    }

    @Nested
    class Graves_ {
        @Test
        void start_sendsTheServersDeletionsSinceTheClientsLastSync() {
            tx.graves.put("card:1", CLIENT_USN - 1);
            tx.graves.put("card:2", CLIENT_USN);
            tx.graves.put("note:3", SERVER_USN);

            Graves server = start(false);

            assertThat(server.cards()).containsExactly(2L);
            assertThat(server.notes()).containsExactly(3L);
        }

        @Test
        void legacyGravesInStart_areAppliedAfterTheServersAreTaken() {
            tx.cards.put(5L, card(5, 1, 0));

            Graves server = sync.start(alice, key, CLIENT_USN, false, Optional.of(new Graves(List.of(5L), List.of(), List.of())));

            assertThat(server.cards()).isEmpty();
            assertThat(tx.cards).doesNotContainKey(5L);
            assertThat(tx.graves).containsEntry("card:5", SERVER_USN);
        }

        @Test
        void applyGraves_deletesAlwaysAndRecordsTheServerUsn() {
            tx.cards.put(1L, card(1, 999_999, SERVER_USN));
            tx.notes.put(2L, note(2, 1, 999_999, SERVER_USN, "a"));
            tx.decks.put(3L, deck(3, 5, 0, "D"));
            start(false);

            sync.applyGraves(alice, key, new Graves(List.of(1L), List.of(2L), List.of(3L)));

            assertThat(tx.cards).isEmpty();
            assertThat(tx.notes).isEmpty();
            assertThat(tx.decks).isEmpty();
            assertThat(tx.graves).containsEntry("card:1", SERVER_USN).containsEntry("note:2", SERVER_USN).containsEntry("deck:3", SERVER_USN);
        }
    }

    @Nested
    class Changes {
        @Test
        void serverChanges_areTakenBeforeTheClientsAreMerged() {
            tx.notetypes.put(1L, notetype(1, 100, SERVER_USN, "Server", 2));
            start(false);

            UnchunkedChanges server = sync.applyChanges(alice, key, changes(List.of(notetype(2, 100, SERVER_USN, "Client", 2)), List.of(), List.of()));

            assertThat(server.notetypes()).extracting(LegacyObject::id).containsExactly(1L);
            assertThat(tx.notetypes).containsKeys(1L, 2L);
        }

        @Test
        void notetypes_newerWins_andATieGoesToTheIncomingCopy() {
            tx.notetypes.put(1L, notetype(1, 100, 0, "Older on server", 2));
            tx.notetypes.put(2L, notetype(2, 300, 0, "Newer on server", 2));
            tx.notetypes.put(3L, notetype(3, 200, 0, "Tie on server", 2));
            start(true);

            sync.applyChanges(alice, key, changes(List.of(
                    notetype(1, 200, SERVER_USN, "From client 1", 2),
                    notetype(2, 200, SERVER_USN, "From client 2", 2),
                    notetype(3, 200, SERVER_USN, "From client 3", 2)), List.of(), List.of()));

            assertThat(tx.notetypes.get(1L).name()).isEqualTo("From client 1");
            assertThat(tx.notetypes.get(2L).name()).isEqualTo("Newer on server");
            assertThat(tx.notetypes.get(3L).name()).isEqualTo("From client 3");
        }

        @Test
        void aNotetypeWhoseFieldsChanged_failsAndRollsTheSessionBack() {
            tx.notetypes.put(1L, notetype(1, 100, 0, "Basic", 2));
            start(true);

            assertThatThrownBy(() -> sync.applyChanges(alice, key, changes(List.of(notetype(1, 200, SERVER_USN, "Basic", 3)), List.of(), List.of())))
                    .isInstanceOf(InvalidSyncDataException.class);

            assertThat(tx.closed()).isTrue();
            assertThat(tx.committed()).isFalse();
            assertThatThrownBy(() -> sync.chunk(alice, key)).isInstanceOf(SyncConflictException.class);
        }

        @Test
        void nameClashes_getAPlusAppended() {
            tx.decks.put(1L, deck(1, 100, 0, "French"));
            tx.notetypes.put(1L, notetype(1, 100, 0, "Basic", 2));
            start(true);

            sync.applyChanges(alice, key, changes(
                    List.of(notetype(2, 100, SERVER_USN, "basic", 2)), List.of(deck(2, 100, SERVER_USN, "French"), deck(3, 100, SERVER_USN, "French")), List.of()));

            assertThat(tx.notetypes.get(2L).name()).isEqualTo("basic+");
            assertThat(tx.decks.get(2L).name()).isEqualTo("French+");
            assertThat(tx.decks.get(3L).name()).isEqualTo("French++");
        }

        @Test
        void decks_olderIncoming_isIgnored() {
            tx.decks.put(1L, deck(1, 300, 0, "Server name"));
            start(true);

            sync.applyChanges(alice, key, changes(List.of(), List.of(deck(1, 200, SERVER_USN, "Client name")), List.of()));

            assertThat(tx.decks.get(1L).name()).isEqualTo("Server name");
        }

        @Test
        void tags_areAUnion_comparedWithoutCase() {
            tx.tags.put("Verbs", 0);
            start(true);

            sync.applyChanges(alice, key, changes(List.of(), List.of(), List.of("verbs", "nouns")));

            assertThat(tx.tags).containsOnlyKeys("Verbs", "nouns");
            assertThat(tx.tags.get("nouns")).isEqualTo(SERVER_USN);
        }

        @Test
        void tags_areCleanedUpAsAnkiCleansThem() {
            start(true);

            sync.applyChanges(alice, key, changes(List.of(), List.of(),
                    List.of("fran\u0063\u0327ais", "two\u3000words", "a::::b", " padded\t")));

            assertThat(tx.tags).containsOnlyKeys("fran\u00e7ais", "twowords", "a::blank::b", "padded");
        }

        @Test
        void tags_aNewChildTakesTheSpellingOfItsRegisteredParent() {
            tx.tags.put("Verbs::Irregular", 0);
            start(true);

            sync.applyChanges(alice, key, changes(List.of(), List.of(), List.of("verbs::irregular::past", "verbs::regular")));

            assertThat(tx.tags).containsOnlyKeys("Verbs::Irregular", "Verbs::Irregular::past", "verbs::regular");
        }

        @Test
        void whenTheClientIsNewer_itsConfigReplacesTheServers_andTheServerSendsNone() {
            tx.config.put("server-only", "1");
            tx.creationStamp = 111;
            start(true);

            UnchunkedChanges server = sync.applyChanges(alice, key, new UnchunkedChanges(
                    List.of(), List.of(), List.of(), List.of(), Optional.of(Map.of("curDeck", "1.50")), OptionalLong.of(222)));

            assertThat(server.config()).isEmpty();
            assertThat(server.creationStamp()).isEmpty();
            assertThat(tx.config).containsExactly(Map.entry("curDeck", "1.50"));
            assertThat(tx.configUsns).containsEntry("curDeck", SERVER_USN);
            assertThat(tx.creationStamp).isEqualTo(222);
        }

        @Test
        void whenTheServerIsNewer_itSendsItsWholeConfigAndCreationStamp() {
            tx.config.put("curDeck", "1");
            tx.configUsns.put("curDeck", 5);
            tx.creationStamp = 111;
            start(false);

            UnchunkedChanges server = sync.applyChanges(alice, key, changes(List.of(), List.of(), List.of()));

            assertThat(server.config()).contains(Map.of("curDeck", "1"));
            assertThat(server.creationStamp()).hasValue(111);
            assertThat(tx.configUsns).containsEntry("curDeck", 0);
        }
    }

    @Nested
    class Chunks {
        @Test
        void chunk_sendsOnlyRowsChangedSinceTheClientsLastSync_andEndsWithDone() {
            tx.cards.put(1L, card(1, 1, CLIENT_USN - 1));
            tx.cards.put(2L, card(2, 1, CLIENT_USN));
            tx.revlog.put(3L, new RevlogRow(3, 2, SERVER_USN, 3, 1, 0, 2500, 5000, 1));
            start(false);

            Chunk first = sync.chunk(alice, key);

            assertThat(first.done()).isTrue();
            assertThat(first.cards()).extracting(CardRow::id).containsExactly(2L);
            assertThat(first.revlog()).extracting(RevlogRow::id).containsExactly(3L);
        }

        @Test
        void chunk_takesAbout250RowsAtATime() {
            LongStream.rangeClosed(1, 600).forEach(id -> tx.cards.put(id, card(id, 1, SERVER_USN)));
            start(false);

            Chunk first = sync.chunk(alice, key);
            Chunk second = sync.chunk(alice, key);
            Chunk third = sync.chunk(alice, key);

            assertThat(first.cards()).hasSize(250);
            assertThat(first.done()).isFalse();
            assertThat(second.cards()).hasSize(250);
            assertThat(third.cards()).hasSize(100);
            assertThat(third.done()).isTrue();
        }

        @Test
        void theChunkSnapshot_isTakenBeforeTheClientsRowsArrive() {
            start(false);
            Chunk server = sync.chunk(alice, key);
            sync.applyChunk(alice, key, chunk(List.of(), List.of(card(9, 5, SERVER_USN)), List.of()));

            assertThat(server.cards()).isEmpty();
            assertThat(tx.cards).containsKey(9L);
        }

        @Test
        void cards_aServerCopyChangedSinceTheLastSyncWinsTies_butNotANewerIncoming() {
            tx.cards.put(1L, card(1, 100, CLIENT_USN));
            tx.cards.put(2L, card(2, 100, CLIENT_USN));
            tx.cards.put(3L, card(3, 100, CLIENT_USN));
            start(false);

            sync.applyChunk(alice, key, chunk(List.of(), List.of(card(1, 100, SERVER_USN), card(2, 101, SERVER_USN), card(3, 99, SERVER_USN)), List.of()));

            assertThat(tx.cards.get(1L).usn()).as("tie keeps the server's pending copy").isEqualTo(CLIENT_USN);
            assertThat(tx.cards.get(2L).usn()).as("strictly newer incoming wins").isEqualTo(SERVER_USN);
            assertThat(tx.cards.get(3L).usn()).as("older incoming loses").isEqualTo(CLIENT_USN);
        }

        @Test
        void cards_anUnchangedServerCopyIsReplaced_evenByAnOlderIncoming() {
            tx.cards.put(1L, card(1, 500, CLIENT_USN - 1));
            start(false);

            sync.applyChunk(alice, key, chunk(List.of(), List.of(card(1, 100, SERVER_USN)), List.of()));

            assertThat(tx.cards.get(1L).mtimeSecs()).isEqualTo(100);
        }

        @Test
        void revlog_isNeverUpdated() {
            tx.revlog.put(1L, new RevlogRow(1, 1, 0, 3, 1, 0, 2500, 5000, 1));
            start(false);

            sync.applyChunk(alice, key, chunk(List.of(new RevlogRow(1, 1, SERVER_USN, 1, 9, 9, 9, 9, 2)), List.of(), List.of()));

            assertThat(tx.revlog.get(1L).ease()).isEqualTo(3);
        }

        @Test
        void notes_getTheirSortFieldAndChecksumComputed_andControlCharactersRemoved() {
            tx.notetypes.put(7L, notetype(7, 1, 0, "Basic", 2));
            tx.notetypeSortFields.put(7L, 1);
            start(false);

            sync.applyChunk(alice, key, chunk(List.of(), List.of(), List.of(note(1, 7, 5, SERVER_USN, "<b>front</b>\u001f<i>back</i>\u0007"))));

            assertThat(tx.notes.get(1L).fields()).isEqualTo("<b>front</b>\u001f<i>back</i>");
            assertThat(tx.noteText.get(1L)[0]).isEqualTo("back");
            assertThat(tx.noteText.get(1L)[1]).isEqualTo(Long.toString(dev.deckhand.sync.chunks.NoteText.checksum("front")));
        }

        @Test
        void aNoteOfAnUnknownNotetype_failsTheSync() {
            start(false);

            assertThatThrownBy(() -> sync.applyChunk(alice, key, chunk(List.of(), List.of(), List.of(note(1, 99, 5, SERVER_USN, "a")))))
                    .isInstanceOf(InvalidSyncDataException.class)
                    .hasMessageContaining("notetype 99");
            assertThat(tx.closed()).isTrue();
        }

        @Test
        void aNoteWithTheWrongNumberOfFields_failsTheSync() {
            tx.notetypes.put(7L, notetype(7, 1, 0, "Basic", 2));
            start(false);

            assertThatThrownBy(() -> sync.applyChunk(alice, key, chunk(List.of(), List.of(), List.of(note(1, 7, 5, SERVER_USN, "only one")))))
                    .isInstanceOf(InvalidSyncDataException.class)
                    .hasMessageContaining("1 fields");
        }
    }

    @Nested
    class SanityAndFinish {
        @Test
        void matchingCounts_pass() {
            tx.cards.put(1L, card(1, 1, 0));
            start(false);

            SanityOutcome outcome = sync.sanityCheck(alice, key, new SanityCounts(1, 0, 0, 0, 0, 0));

            assertThat(outcome.matches()).isTrue();
            assertThat(tx.closed()).isFalse();
        }

        @Test
        void differentCounts_failAndRollBack() {
            start(false);

            SanityOutcome outcome = sync.sanityCheck(alice, key, new SanityCounts(1, 0, 0, 0, 0, 0));

            assertThat(outcome.matches()).isFalse();
            assertThat(tx.closed()).isTrue();
            assertThat(tx.committed()).isFalse();
        }

        @Test
        void finish_commitsOnce_incrementingTheUsn_andReturnsTheNewModificationTime() {
            start(false);

            long mod = sync.finish(alice, key);

            assertThat(mod).isEqualTo(clock.millis());
            assertThat(tx.committed()).isTrue();
            assertThat(tx.currentUsn()).isEqualTo(SERVER_USN + 1);
            assertThatThrownBy(() -> sync.chunk(alice, key)).as("a chunk after finish").isInstanceOf(SyncConflictException.class);
        }
    }

    @Nested
    class Sessions {
        @Test
        void aNewStart_preemptsTheOldSession_whichThenGets409() {
            start(false);
            InMemorySyncTransaction first = tx;
            tx = new InMemorySyncTransaction(SERVER_USN);

            sync.start(alice, new SessionKey("s2"), CLIENT_USN, false, Optional.empty());

            assertThat(first.closed()).isTrue();
            assertThatThrownBy(() -> sync.chunk(alice, key)).isInstanceOf(SyncConflictException.class);
            assertThat(sync.chunk(alice, new SessionKey("s2")).done()).isTrue();
        }

        @Test
        void abandon_rollsBackOnlyTheNamedActiveSession() {
            start(false);

            sync.abandon(alice, new SessionKey("stray"), "unreadable request");
            assertThat(tx.closed()).as("another key cannot end the sync").isFalse();

            sync.abandon(alice, key, "unreadable request");
            assertThat(tx.closed()).isTrue();
            assertThatThrownBy(() -> sync.chunk(alice, key)).isInstanceOf(SyncConflictException.class);
        }

        @Test
        void callsWithoutAStart_get409() {
            assertThatThrownBy(() -> sync.applyGraves(alice, key, Graves.none())).isInstanceOf(SyncConflictException.class);
        }

        @Test
        void anIdleSession_isRolledBack() {
            start(false);
            clock.advance(Duration.ofMinutes(6));

            sync.expireIdleSessions();

            assertThat(tx.closed()).isTrue();
            assertThatThrownBy(() -> sync.chunk(alice, key)).isInstanceOf(SyncConflictException.class);
        }
    }
}
