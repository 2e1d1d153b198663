package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.CardRow;
import dev.deckhand.ports.model.Graves;
import dev.deckhand.ports.model.LegacyObject;
import dev.deckhand.ports.model.NoteRow;
import dev.deckhand.ports.model.RevlogRow;
import dev.deckhand.ports.model.SanityCounts;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionTransactions;
import dev.deckhand.ports.out.NotetypeShape;
import dev.deckhand.ports.out.RowStamp;
import dev.deckhand.ports.out.SyncTransaction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every collection behind a normal sync must do ({@link CollectionTransactions} and the
 * {@link SyncTransaction}s it begins); extended once per implementation. Ids start high so they never
 * meet the rows an implementation puts in a new, empty collection.
 */
public abstract class SyncTransactionContract {

    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final long NOTETYPE = 1_700_000_000_001L;
    private static final long DECK = 1_700_000_000_002L;
    private static final int CLIENT_USN = 5;
    private CollectionTransactions collections;

    protected abstract CollectionTransactions newCollections();

    @BeforeEach
    void setUp() {
        collections = newCollections();
    }

    @Test
    void aCommitIsSeenByTheNextTransaction_whoseUsnIsOneHigher() {
        int usn;
        try (SyncTransaction tx = collections.begin(ALICE)) {
            usn = tx.usn();
            tx.addTag("committed", usn);
            tx.commit(1_700_000_000_000L);
        }

        try (SyncTransaction tx = collections.begin(ALICE)) {
            assertThat(tx.usn()).isEqualTo(usn + 1);
            assertThat(tx.tag("committed")).contains("committed");
        }
    }

    @Test
    void closingWithoutACommit_rollsEverythingBack() {
        int usn;
        try (SyncTransaction tx = collections.begin(ALICE)) {
            usn = tx.usn();
            tx.addTag("rolled-back", usn);
            tx.putNotetype(notetype(NOTETYPE, "Basic (rolled back)", 100, usn));
            tx.putNote(note(1, NOTETYPE, 100, usn), "front", 42);
            tx.setCreationStamp(123);
        }

        try (SyncTransaction tx = collections.begin(ALICE)) {
            assertThat(tx.usn()).isEqualTo(usn);
            assertThat(tx.tag("rolled-back")).isEmpty();
            assertThat(tx.notetype(NOTETYPE)).isEmpty();
            assertThat(tx.notes(List.of(1L))).isEmpty();
            assertThat(tx.creationStamp()).isNotEqualTo(123);
        }
    }

    @Test
    void eachUserHasACollectionOfTheirOwn() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            tx.addTag("alice-only", tx.usn());
            tx.commit(1_700_000_000_000L);
        }

        try (SyncTransaction tx = collections.begin(BOB)) {
            assertThat(tx.tag("alice-only")).isEmpty();
        }
    }

    @Test
    void tag_findsTheStoredSpellingWhateverTheCase() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            tx.addTag("Verbs::Irregular", tx.usn());

            assertThat(tx.tag("verbs::irregular")).contains("Verbs::Irregular");
            assertThat(tx.tag("VERBS::IRREGULAR")).contains("Verbs::Irregular");
            assertThat(tx.tag("Verbs")).isEmpty();
        }
    }

    @Test
    void tagsSince_listsTheTagsWithThatUsnOrLater() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            tx.addTag("older", CLIENT_USN - 1);
            tx.addTag("same", CLIENT_USN);
            tx.addTag("newer", CLIENT_USN + 1);

            assertThat(tx.tagsSince(CLIENT_USN)).containsExactlyInAnyOrder("same", "newer");
        }
    }

    @Test
    void notesCardsAndReviews_readBackAsWritten() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            tx.putNotetype(notetype(NOTETYPE, "Basic (contract)", 100, CLIENT_USN));
            NoteRow note = note(11, NOTETYPE, 200, CLIENT_USN);
            CardRow card = card(21, 11, 300, CLIENT_USN);
            RevlogRow review = review(31, 21, CLIENT_USN);
            tx.putNote(note, "front", 42);
            tx.putCard(card);
            tx.addRevlog(review);

            assertThat(tx.notes(List.of(11L))).containsExactly(note);
            assertThat(tx.cards(List.of(21L))).containsExactly(card);
            assertThat(tx.revlog(List.of(31L))).containsExactly(review);
            assertThat(tx.noteStamp(11)).contains(new RowStamp(200, CLIENT_USN));
            assertThat(tx.cardStamp(21)).contains(new RowStamp(300, CLIENT_USN));
            assertThat(tx.noteStamp(12)).isEmpty();
            assertThat(tx.cardStamp(22)).isEmpty();
        }
    }

    @Test
    void putNoteAndPutCard_replaceTheRowOfTheirId() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            tx.putNotetype(notetype(NOTETYPE, "Basic (contract)", 100, CLIENT_USN));
            tx.putNote(note(11, NOTETYPE, 200, CLIENT_USN), "front", 42);
            tx.putCard(card(21, 11, 300, CLIENT_USN));
            NoteRow newerNote = note(11, NOTETYPE, 250, CLIENT_USN + 1);
            CardRow newerCard = card(21, 11, 350, CLIENT_USN + 1);
            tx.putNote(newerNote, "front", 42);
            tx.putCard(newerCard);

            assertThat(tx.notes(List.of(11L))).containsExactly(newerNote);
            assertThat(tx.cards(List.of(21L))).containsExactly(newerCard);
        }
    }

    @Test
    void addRevlog_keepsTheFirstEntryOfAnId() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            RevlogRow first = review(31, 21, CLIENT_USN);
            tx.addRevlog(first);
            tx.addRevlog(new RevlogRow(31, 21, CLIENT_USN, 1, 9, 9, 2500, 9000, 1));

            assertThat(tx.revlog(List.of(31L))).containsExactly(first);
        }
    }

    @Test
    void idsSince_listTheRowsWithThatUsnOrLater() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            tx.putNotetype(notetype(NOTETYPE, "Basic (contract)", 100, CLIENT_USN));
            tx.putNote(note(11, NOTETYPE, 200, CLIENT_USN - 1), "front", 42);
            tx.putNote(note(12, NOTETYPE, 200, CLIENT_USN), "front", 42);
            tx.putCard(card(21, 11, 300, CLIENT_USN - 1));
            tx.putCard(card(22, 12, 300, CLIENT_USN + 1));
            tx.addRevlog(review(31, 21, CLIENT_USN - 1));
            tx.addRevlog(review(32, 22, CLIENT_USN));

            assertThat(tx.noteIdsSince(CLIENT_USN)).containsExactly(12L);
            assertThat(tx.cardIdsSince(CLIENT_USN)).containsExactly(22L);
            assertThat(tx.revlogIdsSince(CLIENT_USN)).containsExactly(32L);
        }
    }

    @Test
    void delete_removesTheRows_andRecordsEachGraveOnce() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            tx.putNotetype(notetype(NOTETYPE, "Basic (contract)", 100, CLIENT_USN));
            tx.putNote(note(11, NOTETYPE, 200, CLIENT_USN), "front", 42);
            tx.putCard(card(21, 11, 300, CLIENT_USN));
            tx.putDeck(deck(DECK, "Doomed", 100, CLIENT_USN));
            Graves doomed = new Graves(List.of(21L), List.of(11L), List.of(DECK));

            tx.delete(doomed, CLIENT_USN + 1);
            tx.delete(doomed, CLIENT_USN + 2);

            assertThat(tx.notes(List.of(11L))).isEmpty();
            assertThat(tx.cards(List.of(21L))).isEmpty();
            assertThat(tx.deck(DECK)).isEmpty();
            Graves graves = tx.gravesSince(CLIENT_USN + 1);
            assertThat(graves.cards()).containsExactly(21L);
            assertThat(graves.notes()).containsExactly(11L);
            assertThat(graves.decks()).containsExactly(DECK);
            assertThat(tx.gravesSince(CLIENT_USN + 2).cards()).as("the first grave's USN stays").isEmpty();
        }
    }

    @Test
    void notetypes_areFoundByIdAndByNameWhateverTheCase() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            LegacyObject basic = notetype(NOTETYPE, "Basic (contract)", 100, CLIENT_USN);
            tx.putNotetype(basic);

            assertThat(tx.notetype(NOTETYPE).map(LegacyObject::name)).contains("Basic (contract)");
            assertThat(tx.notetypeIdByName("BASIC (CONTRACT)")).contains(NOTETYPE);
            assertThat(tx.notetypeShape(NOTETYPE)).contains(new NotetypeShape(2, 0));
            assertThat(tx.notetypesSince(CLIENT_USN)).extracting(LegacyObject::id).contains(NOTETYPE);
            assertThat(tx.notetypesSince(CLIENT_USN + 1)).extracting(LegacyObject::id).doesNotContain(NOTETYPE);
        }
    }

    @Test
    void decks_areFoundByTheirWireNameWhateverTheCase() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            tx.putDeck(deck(DECK, "Languages::French", 100, CLIENT_USN));

            assertThat(tx.deck(DECK).map(LegacyObject::name)).contains("Languages::French");
            assertThat(tx.deckIdByName("languages::french")).contains(DECK);
            assertThat(tx.deckIdByName("Languages")).isEmpty();
            assertThat(tx.decksSince(CLIENT_USN)).extracting(LegacyObject::id).contains(DECK);
        }
    }

    @Test
    void replaceConfig_replacesEveryEntry() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            tx.replaceConfig(Map.of("curDeck", "1", "contract", "\"value\""), CLIENT_USN, 1_700_000_000L);

            assertThat(tx.config()).isEqualTo(Map.of("curDeck", "1", "contract", "\"value\""));
        }
    }

    @Test
    void theCreationStamp_readsBackAsSet() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            tx.setCreationStamp(1_600_000_000L);

            assertThat(tx.creationStamp()).isEqualTo(1_600_000_000L);
        }
    }

    @Test
    void counts_countWhatWasWritten() {
        try (SyncTransaction tx = collections.begin(ALICE)) {
            SanityCounts before = tx.counts();
            tx.putNotetype(notetype(NOTETYPE, "Basic (contract)", 100, CLIENT_USN));
            tx.putDeck(deck(DECK, "Counted", 100, CLIENT_USN));
            tx.putNote(note(11, NOTETYPE, 200, CLIENT_USN), "front", 42);
            tx.putCard(card(21, 11, 300, CLIENT_USN));
            tx.addRevlog(review(31, 21, CLIENT_USN));

            assertThat(tx.counts()).isEqualTo(new SanityCounts(before.cards() + 1, before.notes() + 1, before.revlog() + 1,
                    before.notetypes() + 1, before.decks() + 1, before.deckConfigs()));
        }
    }

    @Test
    void counts_followCommittedSyncs_andIgnoreRolledBackOnes() {
        SanityCounts before;
        try (SyncTransaction tx = collections.begin(ALICE)) {
            before = tx.counts();
            tx.putNotetype(notetype(NOTETYPE, "Basic (contract)", 100, CLIENT_USN));
            tx.putNote(note(11, NOTETYPE, 200, CLIENT_USN), "front", 42);
            tx.putNote(note(12, NOTETYPE, 200, CLIENT_USN), "front", 42);
            tx.putCard(card(21, 11, 300, CLIENT_USN));
            tx.putCard(card(22, 12, 300, CLIENT_USN));
            tx.addRevlog(review(31, 21, CLIENT_USN));
            tx.commit(1_700_000_000_000L);
        }
        SanityCounts committed = new SanityCounts(before.cards() + 2, before.notes() + 2, before.revlog() + 1,
                before.notetypes() + 1, before.decks(), before.deckConfigs());

        try (SyncTransaction tx = collections.begin(ALICE)) {
            assertThat(tx.counts()).isEqualTo(committed);
            tx.putNote(note(11, NOTETYPE, 250, CLIENT_USN + 1), "front", 42);
            tx.putCard(card(21, 11, 350, CLIENT_USN + 1));
            tx.addRevlog(review(31, 21, CLIENT_USN + 1));
            assertThat(tx.counts()).as("rows replaced, a review already there").isEqualTo(committed);
            tx.delete(new Graves(List.of(22L, 99L), List.of(12L, 98L), List.of()), CLIENT_USN + 1);
            tx.addRevlog(review(32, 21, CLIENT_USN + 1));
            assertThat(tx.counts()).as("rows deleted, ids never stored, a new review").isEqualTo(
                    new SanityCounts(committed.cards() - 1, committed.notes() - 1, committed.revlog() + 1,
                            committed.notetypes(), committed.decks(), committed.deckConfigs()));
        }

        try (SyncTransaction tx = collections.begin(ALICE)) {
            assertThat(tx.counts()).as("after a rollback").isEqualTo(committed);
            tx.delete(new Graves(List.of(22L), List.of(12L), List.of()), CLIENT_USN + 1);
            tx.commit(1_700_000_000_001L);
        }

        try (SyncTransaction tx = collections.begin(ALICE)) {
            assertThat(tx.counts()).isEqualTo(new SanityCounts(committed.cards() - 1, committed.notes() - 1,
                    committed.revlog(), committed.notetypes(), committed.decks(), committed.deckConfigs()));
        }
    }

    /** A two-field, one-template notetype in the wire's legacy JSON. */
    private static LegacyObject notetype(long id, String name, long mtimeSecs, int usn) {
        String json = """
                {"id":%d,"name":"%s","type":0,"mod":%d,"usn":%d,"sortf":0,"did":null,\
                "tmpls":[{"name":"Card 1","ord":0,"qfmt":"{{Front}}","afmt":"{{Back}}","bqfmt":"","bafmt":"","did":null,\
                "bfont":"","bsize":0}],\
                "flds":[{"name":"Front","ord":0,"sticky":false,"rtl":false,"font":"Arial","size":20},\
                {"name":"Back","ord":1,"sticky":false,"rtl":false,"font":"Arial","size":20}],\
                "css":"","latexPre":"","latexPost":"","latexsvg":false,"req":[[0,"any",[0]]]}"""
                .formatted(id, name, mtimeSecs, usn);
        return new LegacyObject(id, mtimeSecs, usn, name, 2, 1, json);
    }

    private static LegacyObject deck(long id, String name, long mtimeSecs, int usn) {
        String json = """
                {"id":%d,"mod":%d,"name":"%s","usn":%d,"lrnToday":[0,0],"revToday":[0,0],"newToday":[0,0],\
                "timeToday":[0,0],"collapsed":false,"browserCollapsed":false,"desc":"","dyn":0,"conf":1,\
                "extendNew":0,"extendRev":0}"""
                .formatted(id, mtimeSecs, name, usn);
        return new LegacyObject(id, mtimeSecs, usn, name, 0, 0, json);
    }

    private static NoteRow note(long id, long notetypeId, long mtimeSecs, int usn) {
        return new NoteRow(id, "guid" + id, notetypeId, mtimeSecs, usn, " contract ", "front" + NoteRow.FIELD_SEPARATOR + "back");
    }

    private static CardRow card(long id, long noteId, long mtimeSecs, int usn) {
        return new CardRow(id, noteId, DECK, 0, mtimeSecs, usn, 2, 2, 40, 7, 2500, 3, 0, 0, 0, 0, 0, "{}");
    }

    private static RevlogRow review(long id, long cardId, int usn) {
        return new RevlogRow(id, cardId, usn, 3, 7, 3, 2500, 5000, 1);
    }
}
