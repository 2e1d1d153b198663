package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.decks.DeckId;
import dev.deckhand.ports.model.decks.DeckMedia;
import dev.deckhand.ports.model.decks.DeckMembership;
import dev.deckhand.ports.model.decks.DeckRole;
import dev.deckhand.ports.model.decks.MediaKind;
import dev.deckhand.ports.model.decks.MediaName;
import dev.deckhand.ports.model.decks.MediaQuery;
import dev.deckhand.ports.model.decks.ReferenceHolder;
import dev.deckhand.ports.model.decks.SharedDeck;
import dev.deckhand.ports.model.decks.StoredMedia;
import dev.deckhand.ports.out.decks.SharedMediaCatalog;
import dev.deckhand.ports.out.decks.UploadTicket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SharedMediaCatalog} must do; extended once per implementation. Each test starts
 * from an empty catalog with two decks, {@link #BIOLOGY} and {@link #MEDICINE}, both created by
 * {@link #ALICE}. Files are 1,000-byte WebPs named after a seed.
 */
public abstract class SharedMediaCatalogContract {

    protected static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    protected static final Duration NO_GRACE = Duration.ZERO;
    protected static final Duration GRACE = Duration.ofHours(1);
    protected static final UserId ALICE = new UserId("alice");
    protected static final DeckId BIOLOGY = new DeckId("biology");
    protected static final DeckId MEDICINE = new DeckId("medicine");
    private static final long QUOTA = 1 << 30;

    private SharedMediaCatalog catalog;

    /** A catalog with nothing in it. */
    protected abstract SharedMediaCatalog newCatalog();

    /** Sets a stored file's reference count to {@code count} behind the catalog's back. */
    protected abstract void corruptCount(Sha256 file, int count);

    @BeforeEach
    void createTwoDecks() {
        catalog = newCatalog();
        catalog.createDeck(new SharedDeck(BIOLOGY, "Biology", QUOTA), ALICE);
        catalog.createDeck(new SharedDeck(MEDICINE, "Medicine", QUOTA), ALICE);
    }

    protected final SharedMediaCatalog catalog() {
        return catalog;
    }

    protected static Sha256 sha(String seed) {
        return BlobStoreContract.sha256(seed.getBytes(StandardCharsets.UTF_8));
    }

    protected static StoredMedia file(String seed) {
        Sha256 sha = sha(seed);
        return new StoredMedia(sha, "media/" + sha.hex().substring(0, 2) + "/" + sha.hex(), 1000, MediaKind.WEBP, 0);
    }

    protected static MediaName name(String name) {
        return new MediaName(name);
    }

    /** Uploads {@code stored} (announced as {@code announced}) into a deck under a name, through a ticket. */
    protected final List<StoredMedia> upload(DeckId deck, String name, Sha256 announced, StoredMedia stored, Instant at) {
        UploadTicket ticket = ticket(deck, name, announced, at.plusSeconds(600));
        catalog.saveTickets(List.of(ticket));
        return catalog.recordUpload(ticket, stored, at, NO_GRACE);
    }

    private static UploadTicket ticket(DeckId deck, String name, Sha256 announced, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        return new UploadTicket(id, deck, ALICE, name(name), announced, 1000, "incoming/" + id, expiresAt);
    }

    private int count(StoredMedia stored) {
        return catalog.findByAnnounced(List.of(stored.sha256())).get(stored.sha256()).referenceCount();
    }

    private boolean isStored(StoredMedia stored) {
        return catalog.findByAnnounced(List.of(stored.sha256())).containsKey(stored.sha256());
    }

    @Test
    void createDeck_refusesAnExistingId_andMakesTheCreatorItsMaintainer() {
        UserId mallory = new UserId("mallory");

        assertThat(catalog.createDeck(new SharedDeck(BIOLOGY, "Other", 5), mallory)).isFalse();

        assertThat(catalog.deck(BIOLOGY)).contains(new SharedDeck(BIOLOGY, "Biology", QUOTA));
        assertThat(catalog.role(BIOLOGY, ALICE)).contains(DeckRole.MAINTAINER);
        assertThat(catalog.role(BIOLOGY, mallory)).isEmpty();
        assertThat(catalog.deck(new DeckId("nope"))).isEmpty();
    }

    @Test
    void setRole_changesTheRoleInThatDeckOnly() {
        UserId bob = new UserId("bob");

        catalog.setRole(BIOLOGY, bob, DeckRole.SUBSCRIBER);
        catalog.setRole(BIOLOGY, bob, DeckRole.CONTRIBUTOR);

        assertThat(catalog.role(BIOLOGY, bob)).contains(DeckRole.CONTRIBUTOR);
        assertThat(catalog.role(MEDICINE, bob)).isEmpty();
    }

    @Test
    void decksOf_listsEveryDeckTheUserHoldsARoleIn_byIdInCodePointOrder_andNoOther() {
        UserId bob = new UserId("bob");
        DeckId anatomy = new DeckId("Anatomy");
        catalog.createDeck(new SharedDeck(anatomy, "Anatomy", QUOTA), new UserId("carol"));
        catalog.setRole(MEDICINE, bob, DeckRole.SUBSCRIBER);
        catalog.setRole(anatomy, bob, DeckRole.CONTRIBUTOR);

        assertThat(catalog.decksOf(bob)).containsExactly(
                new DeckMembership(new SharedDeck(anatomy, "Anatomy", QUOTA), DeckRole.CONTRIBUTOR),
                new DeckMembership(new SharedDeck(MEDICINE, "Medicine", QUOTA), DeckRole.SUBSCRIBER));
        assertThat(catalog.decksOf(ALICE)).extracting(membership -> membership.deck().id())
                .as("upper case before lower case, as code points sort").containsExactly(BIOLOGY, MEDICINE);
        assertThat(catalog.decksOf(new UserId("carol"))).extracting(DeckMembership::role).containsExactly(DeckRole.MAINTAINER);
        assertThat(catalog.decksOf(new UserId("mallory"))).isEmpty();
    }

    /** The heart image in both decks (as heart.webp and cardio.webp), each referenced by a suggestion. */
    private StoredMedia heartSuggestedInBothDecks() {
        StoredMedia heart = file("heart");
        upload(BIOLOGY, "heart.webp", heart.sha256(), heart, NOW);
        assertThat(catalog.mapName(MEDICINE, name("cardio.webp"), heart.sha256(), NOW, NO_GRACE)).contains(List.of());
        catalog.setReferences(BIOLOGY, ReferenceHolder.suggestion(1), Set.of(name("heart.webp")), NOW, NO_GRACE);
        catalog.setReferences(MEDICINE, ReferenceHolder.suggestion(7), Set.of(name("cardio.webp")), NOW, NO_GRACE);
        return heart;
    }

    @Test
    void theSameFileInTwoDecks_isStoredOnceWithTwoReferences() {
        StoredMedia heart = heartSuggestedInBothDecks();

        assertThat(count(heart)).isEqualTo(2);
        StoredMedia inBiology = catalog.find(BIOLOGY, name("heart.webp")).orElseThrow().stored();
        StoredMedia inMedicine = catalog.find(MEDICINE, name("cardio.webp")).orElseThrow().stored();
        assertThat(inBiology).isEqualTo(inMedicine);
        assertThat(inBiology.storageKey()).isEqualTo(heart.storageKey());
    }

    @Test
    void decliningOneOfTwoSuggestions_leavesTheFile() {
        StoredMedia heart = heartSuggestedInBothDecks();

        assertThat(catalog.setReferences(MEDICINE, ReferenceHolder.suggestion(7), Set.of(), NOW.plusSeconds(1), NO_GRACE))
                .isEmpty();

        assertThat(count(heart)).isEqualTo(1);
        assertThat(catalog.find(MEDICINE, name("cardio.webp"))).isPresent();
    }

    @Test
    void theLastReferenceGoing_deletesTheFileAndReturnsIt_withEveryDecksMappingOfIt() {
        StoredMedia heart = heartSuggestedInBothDecks();
        catalog.setReferences(MEDICINE, ReferenceHolder.suggestion(7), Set.of(), NOW, NO_GRACE);

        List<StoredMedia> deleted = catalog.setReferences(BIOLOGY, ReferenceHolder.suggestion(1), Set.of(), NOW.plusSeconds(1),
                NO_GRACE);

        assertThat(deleted).extracting(StoredMedia::sha256).containsExactly(heart.sha256());
        assertThat(deleted.get(0).storageKey()).isEqualTo(heart.storageKey());
        assertThat(isStored(heart)).isFalse();
        assertThat(catalog.find(BIOLOGY, name("heart.webp"))).isEmpty();
        assertThat(catalog.find(MEDICINE, name("cardio.webp"))).as("the other deck's mapping went with the file").isEmpty();
    }

    @Test
    void readableBy_namesTheStoredFilesMappedInADeckWhereTheUserHasAnyRole() {
        UserId carol = new UserId("carol");
        UserId mallory = new UserId("mallory");
        catalog.setRole(BIOLOGY, carol, DeckRole.SUBSCRIBER);
        StoredMedia heart = file("heart");
        StoredMedia lung = file("lung");
        upload(BIOLOGY, "heart.webp", heart.sha256(), heart, NOW);
        upload(MEDICINE, "lung.webp", lung.sha256(), lung, NOW);
        List<Sha256> asked = List.of(heart.sha256(), lung.sha256(), sha("never stored"));

        assertThat(catalog.readableBy(ALICE, asked)).containsExactlyInAnyOrder(heart.sha256(), lung.sha256());
        assertThat(catalog.readableBy(carol, asked)).containsExactly(heart.sha256());
        assertThat(catalog.readableBy(mallory, asked)).isEmpty();
        assertThat(catalog.readableBy(ALICE, List.of(lung.sha256()))).containsExactly(lung.sha256());
        assertThat(catalog.readableBy(ALICE, List.of())).isEmpty();
    }

    @Test
    void readableBy_endsWhenTheUsersDecksNoLongerMapTheFile_thoughAnotherDeckKeepsItStored() {
        UserId carol = new UserId("carol");
        catalog.setRole(BIOLOGY, carol, DeckRole.SUBSCRIBER);
        StoredMedia heart = heartSuggestedInBothDecks();
        assertThat(catalog.readableBy(carol, List.of(heart.sha256()))).containsExactly(heart.sha256());

        catalog.removeName(BIOLOGY, name("heart.webp"), NOW.plusSeconds(1), NO_GRACE);

        assertThat(isStored(heart)).isTrue();
        assertThat(catalog.readableBy(carol, List.of(heart.sha256()))).isEmpty();
        assertThat(catalog.readableBy(ALICE, List.of(heart.sha256()))).containsExactly(heart.sha256());
    }

    @Test
    void aFileMappedWithinTheGracePeriod_isKeptWhenItsLastReferenceGoes() {
        StoredMedia fresh = file("fresh");
        upload(BIOLOGY, "fresh.webp", fresh.sha256(), fresh, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("fresh.webp")), NOW, GRACE);

        assertThat(catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(), NOW.plusSeconds(60), GRACE)).isEmpty();
        assertThat(isStored(fresh)).isTrue();

        assertThat(catalog.deleteUnreferenced(NOW.minusSeconds(1), 100)).isEmpty();
        assertThat(catalog.deleteUnreferenced(NOW.plusSeconds(1), 100)).extracting(StoredMedia::sha256)
                .containsExactly(fresh.sha256());
        assertThat(isStored(fresh)).isFalse();
    }

    @Test
    void deleteUnreferenced_takesTheLongestUnmappedFirst_upToTheLimit_andKeepsReferencedFiles() {
        StoredMedia old = file("old");
        StoredMedia recent = file("recent");
        StoredMedia used = file("used");
        upload(BIOLOGY, "recent.webp", recent.sha256(), recent, NOW.plusSeconds(10));
        upload(BIOLOGY, "old.webp", old.sha256(), old, NOW);
        upload(BIOLOGY, "used.webp", used.sha256(), used, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("used.webp")), NOW, GRACE);
        Instant cutoff = NOW.plus(GRACE);

        assertThat(catalog.deleteUnreferenced(cutoff, 1)).extracting(StoredMedia::sha256).containsExactly(old.sha256());
        assertThat(catalog.deleteUnreferenced(cutoff, 100)).extracting(StoredMedia::sha256).containsExactly(recent.sha256());
        assertThat(catalog.deleteUnreferenced(cutoff, 100)).isEmpty();
        assertThat(catalog.find(BIOLOGY, name("old.webp"))).isEmpty();
        assertThat(isStored(used)).isTrue();
    }

    @Test
    void aConvertedUpload_isFoundByTheHashTheClientAnnounced_untilItIsDeleted() {
        Sha256 png = sha("the png bytes");
        StoredMedia webp = file("the webp bytes");
        upload(BIOLOGY, "cell.png", png, webp, NOW);

        assertThat(catalog.findByAnnounced(List.of(png, sha("unknown")))).containsOnlyKeys(png).containsEntry(png, webp);
        assertThat(catalog.findByAnnounced(List.of(webp.sha256()))).containsEntry(webp.sha256(), webp);
        assertThat(catalog.find(BIOLOGY, name("cell.png"))).map(DeckMedia::stored).contains(webp);

        assertThat(catalog.removeName(BIOLOGY, name("cell.png"), NOW.plusSeconds(1), NO_GRACE)).containsExactly(webp);
        assertThat(catalog.findByAnnounced(List.of(png, webp.sha256()))).isEmpty();
    }

    @Test
    void referencesMayArriveBeforeTheFile_andCountOnceItIsMapped() {
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("late.webp")), NOW, NO_GRACE);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(2), Set.of(name("late.webp")), NOW, NO_GRACE);
        StoredMedia late = file("late");

        upload(BIOLOGY, "late.webp", late.sha256(), late, NOW);

        assertThat(count(late)).isEqualTo(2);
    }

    @Test
    void changingWhatANameMeans_movesItsReferences_andDeletesTheOldFile() {
        StoredMedia v1 = file("diagram v1");
        StoredMedia v2 = file("diagram v2");
        upload(BIOLOGY, "diagram.webp", v1.sha256(), v1, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("diagram.webp")), NOW, NO_GRACE);

        List<StoredMedia> deleted = upload(BIOLOGY, "diagram.webp", v2.sha256(), v2, NOW.plusSeconds(5));

        assertThat(deleted).extracting(StoredMedia::sha256).containsExactly(v1.sha256());
        assertThat(isStored(v1)).isFalse();
        assertThat(count(v2)).isEqualTo(1);
        assertThat(catalog.find(BIOLOGY, name("diagram.webp"))).map(media -> media.stored().sha256()).contains(v2.sha256());
    }

    @Test
    void mappingANameToTheFileItAlreadyMeans_keepsTheCount() {
        StoredMedia same = file("same");
        upload(BIOLOGY, "same.webp", same.sha256(), same, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("same.webp")), NOW, NO_GRACE);

        assertThat(catalog.mapName(BIOLOGY, name("same.webp"), same.sha256(), NOW.plusSeconds(5), NO_GRACE)).contains(List.of());

        assertThat(count(same)).isEqualTo(1);
        assertThat(catalog.find(BIOLOGY, name("same.webp"))).map(DeckMedia::mappedAt).contains(NOW.plusSeconds(5));
    }

    @Test
    void approvingASuggestion_movesItsReferencesToTheNote_withoutTheCountPassingZero() {
        StoredMedia a = file("a");
        StoredMedia b = file("b");
        upload(BIOLOGY, "a.webp", a.sha256(), a, NOW);
        upload(BIOLOGY, "b.webp", b.sha256(), b, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(10), Set.of(name("a.webp")), NOW, NO_GRACE);
        catalog.setReferences(BIOLOGY, ReferenceHolder.suggestion(3), Set.of(name("b.webp")), NOW, NO_GRACE);

        List<StoredMedia> deleted = catalog.approve(BIOLOGY, 3, 10, NOW.plusSeconds(1), NO_GRACE);

        assertThat(deleted).extracting(StoredMedia::sha256).containsExactly(a.sha256());
        // Without a grace period, b would be gone had its only reference left before the note's arrived.
        assertThat(isStored(b)).isTrue();
        assertThat(count(b)).isEqualTo(1);
        assertThat(catalog.references(BIOLOGY, ReferenceHolder.note(10))).containsExactly(name("b.webp"));
        assertThat(catalog.references(BIOLOGY, ReferenceHolder.suggestion(3))).isEmpty();
    }

    @Test
    void removeName_removesTheMappingEveryReferenceToItAndTheFile() {
        StoredMedia x = file("x");
        upload(BIOLOGY, "x.webp", x.sha256(), x, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("x.webp"), name("y.webp")), NOW, NO_GRACE);
        catalog.setReferences(BIOLOGY, ReferenceHolder.suggestion(2), Set.of(name("x.webp")), NOW, NO_GRACE);

        List<StoredMedia> deleted = catalog.removeName(BIOLOGY, name("x.webp"), NOW.plusSeconds(1), NO_GRACE);

        assertThat(deleted).extracting(StoredMedia::sha256).containsExactly(x.sha256());
        assertThat(catalog.find(BIOLOGY, name("x.webp"))).isEmpty();
        assertThat(catalog.references(BIOLOGY, ReferenceHolder.note(1))).containsExactly(name("y.webp"));
        assertThat(catalog.references(BIOLOGY, ReferenceHolder.suggestion(2))).isEmpty();
        assertThat(catalog.removeName(BIOLOGY, name("x.webp"), NOW, NO_GRACE)).isEmpty();
    }

    @Test
    void removeName_keepsAFileAnotherDeckStillReferences() {
        StoredMedia heart = heartSuggestedInBothDecks();

        assertThat(catalog.removeName(BIOLOGY, name("heart.webp"), NOW.plusSeconds(1), NO_GRACE)).isEmpty();

        assertThat(count(heart)).isEqualTo(1);
        assertThat(catalog.find(MEDICINE, name("cardio.webp"))).isPresent();
    }

    @Test
    void mapName_ofAFileThatIsNoLongerStored_isEmpty() {
        assertThat(catalog.mapName(BIOLOGY, name("gone.webp"), sha("gone"), NOW, NO_GRACE)).isEmpty();
        assertThat(catalog.find(BIOLOGY, name("gone.webp"))).isEmpty();
    }

    @Test
    void changesToAnUnknownDeck_areRefused() {
        DeckId nope = new DeckId("nope");
        StoredMedia f = file("f");
        upload(BIOLOGY, "f.webp", f.sha256(), f, NOW);

        assertThatThrownBy(() -> catalog.setReferences(nope, ReferenceHolder.note(1), Set.of(), NOW, NO_GRACE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> catalog.mapName(nope, name("f.webp"), f.sha256(), NOW, NO_GRACE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> catalog.approve(nope, 1, 2, NOW, NO_GRACE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> catalog.removeName(nope, name("f.webp"), NOW, NO_GRACE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThat(catalog.find(nope, name("f.webp"))).isEmpty();
        assertThat(catalog.role(nope, ALICE)).isEmpty();
    }

    @Test
    void tickets_areFoundUntilDeleted() {
        UploadTicket ticket = ticket(BIOLOGY, "a.png", sha("a"), NOW.plusSeconds(60));
        catalog.saveTickets(List.of(ticket));

        assertThat(catalog.ticket(ticket.id())).contains(ticket);
        assertThat(catalog.deleteTicket(ticket.id())).isTrue();
        assertThat(catalog.ticket(ticket.id())).isEmpty();
        assertThat(catalog.deleteTicket(ticket.id())).isFalse();
        assertThat(catalog.ticket(UUID.randomUUID())).isEmpty();
    }

    @Test
    void removeExpiredTickets_takesTicketsThatExpiredBeforeNow_oldestFirst_upToTheLimit() {
        UploadTicket oldest = ticket(BIOLOGY, "a.png", sha("a"), NOW.minusSeconds(10));
        UploadTicket older = ticket(MEDICINE, "b.png", sha("b"), NOW.minusSeconds(5));
        UploadTicket expiringNow = ticket(BIOLOGY, "c.png", sha("c"), NOW);
        UploadTicket live = ticket(BIOLOGY, "d.png", sha("d"), NOW.plusSeconds(60));
        catalog.saveTickets(List.of(live, older, expiringNow, oldest));

        assertThat(catalog.removeExpiredTickets(NOW, 1)).containsExactly(oldest);
        assertThat(catalog.removeExpiredTickets(NOW, 100)).containsExactly(older);
        assertThat(catalog.removeExpiredTickets(NOW, 100)).isEmpty();
        assertThat(catalog.ticket(oldest.id())).isEmpty();
        assertThat(catalog.ticket(expiringNow.id())).contains(expiringNow);
        assertThat(catalog.ticket(live.id())).contains(live);
    }

    @Test
    void aTicketRecordsOneUploadOnly() {
        UploadTicket ticket = ticket(BIOLOGY, "b.webp", sha("b"), NOW.plusSeconds(60));
        catalog.saveTickets(List.of(ticket));

        catalog.recordUpload(ticket, file("b"), NOW, NO_GRACE);

        assertThat(catalog.ticket(ticket.id())).isEmpty();
        assertThatThrownBy(() -> catalog.recordUpload(ticket, file("other"), NOW, NO_GRACE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not in the catalog");
        assertThat(isStored(file("other"))).isFalse();
        assertThat(catalog.find(BIOLOGY, name("b.webp"))).map(media -> media.stored().sha256()).contains(sha("b"));
    }

    @Test
    void knownKeys_areTheKeysOfStoredFilesAndOfPendingUploads() {
        UploadTicket pending = ticket(BIOLOGY, "a.png", sha("a"), NOW.plusSeconds(60));
        UploadTicket used = ticket(BIOLOGY, "b.webp", sha("b"), NOW.plusSeconds(60));
        catalog.saveTickets(List.of(pending, used));
        catalog.recordUpload(used, file("b"), NOW, NO_GRACE);
        StoredMedia removed = file("removed");
        upload(BIOLOGY, "removed.webp", removed.sha256(), removed, NOW);
        catalog.removeName(BIOLOGY, name("removed.webp"), NOW.plusSeconds(1), NO_GRACE);

        assertThat(catalog.knownKeys(List.of(pending.stagingKey(), used.stagingKey(), file("b").storageKey(),
                removed.storageKey(), "incoming/never", "media/never")))
                .containsOnly(pending.stagingKey(), file("b").storageKey());
        assertThat(catalog.knownKeys(List.of())).isEmpty();
    }

    @Test
    void list_pagesInNameOrder_withSearchAndChangedSince() {
        for (int i = 0; i < 25; i++) {
            StoredMedia f = file("page " + i);
            upload(BIOLOGY, String.format("img-%02d.webp", i), f.sha256(), f, NOW.plusSeconds(i));
        }
        List<String> seen = new ArrayList<>();
        Optional<MediaName> after = Optional.empty();
        for (int page = 0; page < 10; page++) {
            List<DeckMedia> rows = catalog.list(BIOLOGY, new MediaQuery(after, "", Optional.empty(), 10));
            rows.forEach(row -> seen.add(row.name().value()));
            if (rows.size() < 10) {
                break;
            }
            after = Optional.of(rows.get(rows.size() - 1).name());
        }

        assertThat(seen).hasSize(25).isSorted().doesNotHaveDuplicates();
        assertThat(catalog.list(BIOLOGY, new MediaQuery(Optional.empty(), "IMG-1", Optional.empty(), 100)))
                .extracting(row -> row.name().value()).hasSize(10).allMatch(n -> n.startsWith("img-1"));
        assertThat(catalog.list(BIOLOGY, new MediaQuery(Optional.empty(), "", Optional.of(NOW.plusSeconds(20)), 100)))
                .extracting(row -> row.name().value()).containsExactly("img-20.webp", "img-21.webp", "img-22.webp",
                        "img-23.webp", "img-24.webp");
        assertThat(catalog.list(MEDICINE, MediaQuery.firstPage(10))).isEmpty();
    }

    @Test
    void list_ordersNamesByCodePoint_whateverTheServersLocale() {
        StoredMedia f = file("f");
        upload(BIOLOGY, "b.webp", f.sha256(), f, NOW);
        for (String name : List.of("é.webp", "B.webp", "a.webp", "_.webp")) {
            catalog.mapName(BIOLOGY, name(name), f.sha256(), NOW, NO_GRACE);
        }

        assertThat(catalog.list(BIOLOGY, MediaQuery.firstPage(10))).extracting(row -> row.name().value())
                .containsExactly("B.webp", "_.webp", "a.webp", "b.webp", "é.webp");
        assertThat(catalog.list(BIOLOGY, new MediaQuery(Optional.of(name("_.webp")), "", Optional.empty(), 2)))
                .extracting(row -> row.name().value()).containsExactly("a.webp", "b.webp");
    }

    @Test
    void deckBytes_sumsEachDistinctFileOnce() {
        StoredMedia f = file("f");
        StoredMedia g = file("g");
        upload(BIOLOGY, "f.webp", f.sha256(), f, NOW);
        catalog.mapName(BIOLOGY, name("f-again.webp"), f.sha256(), NOW, NO_GRACE);
        upload(BIOLOGY, "g.webp", g.sha256(), g, NOW);

        assertThat(catalog.deckBytes(BIOLOGY)).isEqualTo(2 * 1000L);
        assertThat(catalog.deckBytes(MEDICINE)).isZero();
    }

    @Test
    void repairCounts_setsWrongCountsRight_andReportsHowMany() {
        StoredMedia referenced = file("referenced");
        StoredMedia unreferenced = file("unreferenced");
        upload(BIOLOGY, "r.webp", referenced.sha256(), referenced, NOW);
        upload(BIOLOGY, "u.webp", unreferenced.sha256(), unreferenced, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("r.webp")), NOW, NO_GRACE);
        corruptCount(referenced.sha256(), 9);
        corruptCount(unreferenced.sha256(), 4);

        assertThat(catalog.repairCounts()).isEqualTo(2);

        assertThat(count(referenced)).isEqualTo(1);
        assertThat(count(unreferenced)).isZero();
        assertThat(catalog.repairCounts()).isZero();
    }
}
