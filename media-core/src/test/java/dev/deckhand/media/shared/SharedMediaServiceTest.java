package dev.deckhand.media.shared;

import static dev.deckhand.media.shared.StandInTranscoder.animatedGif;
import static dev.deckhand.media.shared.StandInTranscoder.mp3;
import static dev.deckhand.media.shared.StandInTranscoder.png;
import static dev.deckhand.media.shared.StandInTranscoder.webpOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.decks.AnnouncedFile;
import dev.deckhand.ports.in.decks.CheckResult;
import dev.deckhand.ports.in.decks.ConfirmResult.TicketRefusal;
import dev.deckhand.ports.in.decks.ConfirmResult;
import dev.deckhand.ports.in.decks.DownloadLink;
import dev.deckhand.ports.in.decks.DownloadPage;
import dev.deckhand.ports.in.decks.Refusal;
import dev.deckhand.ports.in.decks.SharedMediaException.Kind;
import dev.deckhand.ports.in.decks.SharedMediaException;
import dev.deckhand.ports.in.decks.UploadOffer;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.decks.DeckId;
import dev.deckhand.ports.model.decks.DeckMedia;
import dev.deckhand.ports.model.decks.DeckMembership;
import dev.deckhand.ports.model.decks.DeckRole;
import dev.deckhand.ports.model.decks.MediaKind;
import dev.deckhand.ports.model.decks.MediaName;
import dev.deckhand.ports.model.decks.MediaQuery;
import dev.deckhand.ports.model.decks.PresignedRequest;
import dev.deckhand.ports.model.decks.ReferenceHolder;
import dev.deckhand.ports.model.decks.SharedDeck;
import dev.deckhand.ports.out.decks.MediaInspection;
import dev.deckhand.ports.out.decks.MediaTranscoder;
import dev.deckhand.ports.testing.BlobStoreContract;
import dev.deckhand.ports.testing.InMemoryObjectStore;
import dev.deckhand.ports.testing.InMemorySharedMediaCatalog;
import dev.deckhand.ports.testing.SettableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared-media rules over the in-memory catalog and object store, the stand-in transcoder and a settable clock. */
class SharedMediaServiceTest {

    static final Instant START = Instant.parse("2026-12-01T09:00:00Z");
    /** 5 files a request, images to 4,000 bytes and 1 megapixel, audio to 8,000 bytes; offers 10 min, links 15, grace 1 h. */
    static final SharedMediaLimits LIMITS = new SharedMediaLimits(5, 4_000, 8_000, 1_000_000, Duration.ofMinutes(10),
            Duration.ofMinutes(15), Duration.ofHours(1), 50);
    static final UserId ALICE = new UserId("alice");
    static final UserId BOB = new UserId("bob");
    static final UserId CAROL = new UserId("carol");
    static final UserId MALLORY = new UserId("mallory");
    static final DeckId BIOLOGY = new DeckId("biology");
    static final DeckId MEDICINE = new DeckId("medicine");

    @TempDir
    Path scratch;
    private final SettableClock clock = new SettableClock(START);
    private final InMemorySharedMediaCatalog catalog = new InMemorySharedMediaCatalog();
    private final InMemoryObjectStore objects = new InMemoryObjectStore(clock);
    private SharedMediaService service;

    /** Biology: Alice maintains, Bob contributes, Carol subscribes. Medicine (1,000-byte quota): Alice maintains, Bob contributes. */
    @BeforeEach
    void setUp() {
        service = new SharedMediaService(catalog, objects, new StandInTranscoder(), LIMITS, scratch, clock);
        service.createDeck(ALICE, new SharedDeck(BIOLOGY, "Biology", 100_000));
        service.setRole(ALICE, BIOLOGY, BOB, DeckRole.CONTRIBUTOR);
        service.setRole(ALICE, BIOLOGY, CAROL, DeckRole.SUBSCRIBER);
        service.createDeck(ALICE, new SharedDeck(MEDICINE, "Medicine", 1_000));
        service.setRole(ALICE, MEDICINE, BOB, DeckRole.CONTRIBUTOR);
    }

    static Sha256 sha(byte[] bytes) {
        return BlobStoreContract.sha256(bytes);
    }

    static AnnouncedFile announced(String name, byte[] bytes) {
        return new AnnouncedFile(new MediaName(name), sha(bytes), bytes.length);
    }

    static MediaName name(String name) {
        return new MediaName(name);
    }

    /** Checks one new file and returns its upload offer. */
    private UploadOffer offer(UserId user, DeckId deck, String name, byte[] bytes) {
        CheckResult result = service.check(user, deck, List.of(announced(name, bytes)));
        assertThat(result.uploads()).hasSize(1);
        return result.uploads().get(0);
    }

    /** Offer, PUT, confirm: one new file in a deck. */
    private DeckMedia upload(UserId user, DeckId deck, String name, byte[] bytes) {
        UploadOffer offer = offer(user, deck, name, bytes);
        assertThat(objects.perform(offer.upload(), bytes).status()).isEqualTo(200);
        ConfirmResult result = service.confirm(user, deck, List.of(offer.ticket()));
        assertThat(result.refused()).isEmpty();
        return result.stored().get(0);
    }

    /** The single refusal of confirming a ticket whose upload is in the store already (or not). */
    private String refusalOf(UploadOffer offer) {
        ConfirmResult result = service.confirm(BOB, BIOLOGY, List.of(offer.ticket()));
        assertThat(result.stored()).isEmpty();
        assertThat(result.refused()).extracting(TicketRefusal::ticket).containsExactly(offer.ticket());
        return result.refused().get(0).reason();
    }

    private static void assertRefused(Kind kind, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SharedMediaException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    private List<String> storedKeys() {
        return objects.keys().stream().filter(key -> key.startsWith(ObjectKeys.STORED)).toList();
    }

    // Roles

    @Test
    void createDeck_withAnIdInUse_isInvalid() {
        assertRefused(Kind.INVALID, () -> service.createDeck(MALLORY, new SharedDeck(BIOLOGY, "Mine now", 10)));
        assertThat(service.role(ALICE, BIOLOGY)).contains(DeckRole.MAINTAINER);
        assertThat(service.role(MALLORY, BIOLOGY)).isEmpty();
    }

    @Test
    void anUnknownDeck_isNotFound() {
        DeckId nope = new DeckId("nope");
        byte[] sound = mp3(100, 1);

        assertRefused(Kind.NOT_FOUND, () -> service.check(BOB, nope, List.of(announced("a.mp3", sound))));
        assertRefused(Kind.NOT_FOUND, () -> service.downloads(BOB, nope, MediaQuery.firstPage(10)));
        assertRefused(Kind.NOT_FOUND, () -> service.setRole(ALICE, nope, BOB, DeckRole.CONTRIBUTOR));
        assertRefused(Kind.NOT_FOUND, () -> service.decline(ALICE, nope, 1));
    }

    @Test
    void aNonMember_mayDoNothingInTheDeck() {
        DeckMedia file = upload(BOB, BIOLOGY, "a.mp3", mp3(100, 1));

        assertRefused(Kind.FORBIDDEN, () -> service.downloads(MALLORY, BIOLOGY, MediaQuery.firstPage(10)));
        assertRefused(Kind.FORBIDDEN, () -> service.open(MALLORY, BIOLOGY, file.name()));
        assertRefused(Kind.FORBIDDEN, () -> service.check(MALLORY, BIOLOGY, List.of(announced("b.mp3", mp3(100, 2)))));
        assertRefused(Kind.FORBIDDEN, () -> service.confirm(MALLORY, BIOLOGY, List.of(UUID.randomUUID())));
        assertRefused(Kind.FORBIDDEN, () -> service.setRole(MALLORY, BIOLOGY, MALLORY, DeckRole.MAINTAINER));
        assertThat(service.role(MALLORY, BIOLOGY)).isEmpty();
    }

    @Test
    void aSubscriber_downloadsButNeitherUploadsNorReferences() {
        upload(BOB, BIOLOGY, "a.mp3", mp3(100, 1));

        assertThat(service.downloads(CAROL, BIOLOGY, MediaQuery.firstPage(10)).links()).hasSize(1);
        assertRefused(Kind.FORBIDDEN, () -> service.check(CAROL, BIOLOGY, List.of(announced("b.mp3", mp3(100, 2)))));
        assertRefused(Kind.FORBIDDEN,
                () -> service.setReferences(CAROL, BIOLOGY, ReferenceHolder.suggestion(1), Set.of(name("a.mp3"))));
    }

    @Test
    void aContributor_referencesFromSuggestions_butMaintainsNothing() {
        DeckMedia file = upload(BOB, BIOLOGY, "a.mp3", mp3(100, 1));

        service.setReferences(BOB, BIOLOGY, ReferenceHolder.suggestion(1), Set.of(file.name()));

        assertThat(catalog.references(BIOLOGY, ReferenceHolder.suggestion(1))).containsExactly(file.name());
        assertRefused(Kind.FORBIDDEN, () -> service.setReferences(BOB, BIOLOGY, ReferenceHolder.note(1), Set.of(file.name())));
        assertRefused(Kind.FORBIDDEN, () -> service.decline(BOB, BIOLOGY, 1));
        assertRefused(Kind.FORBIDDEN, () -> service.approve(BOB, BIOLOGY, 1, 10));
        assertRefused(Kind.FORBIDDEN, () -> service.remove(BOB, BIOLOGY, file.name()));
        assertRefused(Kind.FORBIDDEN, () -> service.setRole(BOB, BIOLOGY, CAROL, DeckRole.MAINTAINER));
        assertThat(catalog.references(BIOLOGY, ReferenceHolder.suggestion(1))).containsExactly(file.name());
        assertThat(service.role(CAROL, BIOLOGY)).contains(DeckRole.SUBSCRIBER);
    }

    @Test
    void aMaintainer_managesMembers() {
        service.setRole(ALICE, BIOLOGY, BOB, DeckRole.MAINTAINER);
        service.setRole(ALICE, BIOLOGY, CAROL, DeckRole.CONTRIBUTOR);

        assertThat(service.role(BOB, BIOLOGY)).contains(DeckRole.MAINTAINER);
        assertThat(service.role(BOB, MEDICINE)).contains(DeckRole.CONTRIBUTOR);
        service.setReferences(BOB, BIOLOGY, ReferenceHolder.note(1), Set.of(name("a.mp3")));
        assertThat(service.check(CAROL, BIOLOGY, List.of(announced("c.mp3", mp3(100, 3)))).uploads()).hasSize(1);
    }

    @Test
    void decks_areTheUsersOwnWithTheirRoles_andOneDeckIsForMembersOnly() {
        assertThat(service.decks(BOB)).containsExactly(
                new DeckMembership(new SharedDeck(BIOLOGY, "Biology", 100_000), DeckRole.CONTRIBUTOR),
                new DeckMembership(new SharedDeck(MEDICINE, "Medicine", 1_000), DeckRole.CONTRIBUTOR));
        assertThat(service.decks(CAROL)).extracting(DeckMembership::role).containsExactly(DeckRole.SUBSCRIBER);
        assertThat(service.decks(MALLORY)).isEmpty();

        assertThat(service.deck(CAROL, BIOLOGY)).isEqualTo(new DeckMembership(new SharedDeck(BIOLOGY, "Biology", 100_000),
                DeckRole.SUBSCRIBER));
        assertRefused(Kind.FORBIDDEN, () -> service.deck(CAROL, MEDICINE));
        assertRefused(Kind.NOT_FOUND, () -> service.deck(CAROL, new DeckId("nope")));
    }

    // Check

    @Test
    void check_namesFilesStoredAlready_andOffersUploadsForTheRest() {
        byte[] known = mp3(100, 1);
        byte[] fresh = mp3(200, 2);
        DeckMedia first = upload(BOB, BIOLOGY, "known.mp3", known);

        CheckResult result = service.check(BOB, BIOLOGY, List.of(announced("again.mp3", known), announced("fresh.mp3", fresh)));

        assertThat(result.present()).containsExactly(name("again.mp3"));
        assertThat(result.refused()).isEmpty();
        assertThat(result.uploads()).extracting(UploadOffer::name).containsExactly(name("fresh.mp3"));
        assertThat(catalog.find(BIOLOGY, name("again.mp3"))).map(DeckMedia::stored).contains(first.stored());
        UploadOffer offer = result.uploads().get(0);
        assertThat(offer.upload().method()).isEqualTo("PUT");
        assertThat(offer.upload().expiresAt()).isEqualTo(START.plus(LIMITS.uploadTtl()));
        assertThat(catalog.ticket(offer.ticket())).hasValueSatisfying(ticket -> {
            assertThat(ticket.user()).isEqualTo(BOB);
            assertThat(ticket.announced()).isEqualTo(sha(fresh));
            assertThat(ticket.stagingKey()).isEqualTo(ObjectKeys.staged(offer.ticket()));
        });
    }

    /** Mallory's own deck: she maintains it and has no role in Biology or Medicine. */
    private DeckId probeDeck() {
        DeckId probe = new DeckId("probe");
        service.createDeck(MALLORY, new SharedDeck(probe, "Probe", 100_000));
        return probe;
    }

    @Test
    void check_ofAStoredFileTheCallerCannotRead_offersAnUpload_andMapsNothing() {
        byte[] sound = mp3(300, 1);
        byte[] image = png(40, 30, 500, 2);
        upload(BOB, BIOLOGY, "secret.mp3", sound);
        upload(BOB, BIOLOGY, "secret.png", image);
        DeckId probe = probeDeck();

        CheckResult result = service.check(MALLORY, probe, List.of(announced("guess.mp3", sound), announced("guess.png", image)));

        assertThat(result.present()).isEmpty();
        assertThat(result.uploads()).extracting(UploadOffer::name).containsExactly(name("guess.mp3"), name("guess.png"));
        assertThat(catalog.list(probe, MediaQuery.firstPage(10))).isEmpty();
        assertThat(service.confirm(MALLORY, probe, result.uploads().stream().map(UploadOffer::ticket).toList()).refused())
                .extracting(TicketRefusal::reason).containsOnly("nothing was uploaded for this ticket");
        assertThat(service.open(MALLORY, probe, name("guess.mp3"))).isEmpty();
    }

    @Test
    void check_ofAStoredFileInADeckWhereTheCallerHasAnyRole_mapsItWithoutAnUpload() {
        byte[] image = png(40, 30, 500, 1);
        DeckMedia inBiology = upload(BOB, BIOLOGY, "cell.png", image);
        DeckId own = new DeckId("carols");
        service.createDeck(CAROL, new SharedDeck(own, "Carol's", 100_000));

        CheckResult result = service.check(CAROL, own, List.of(announced("zelle.png", image)));

        assertThat(result.present()).as("Carol subscribes to Biology: she can download the file already")
                .containsExactly(name("zelle.png"));
        assertThat(result.uploads()).isEmpty();
        assertThat(catalog.find(own, name("zelle.png"))).map(DeckMedia::stored).contains(inBiology.stored());
    }

    @Test
    void confirm_ofContentStoredAlready_mapsTheStoredFile_storingNoSecondObject_andCountsEveryReference() {
        byte[] sound = mp3(300, 1);
        DeckMedia original = upload(BOB, BIOLOGY, "a.mp3", sound);
        service.setReferences(ALICE, BIOLOGY, ReferenceHolder.note(1), Set.of(name("a.mp3")));
        DeckId probe = probeDeck();

        DeckMedia proven = upload(MALLORY, probe, "mine.mp3", sound);
        service.setReferences(MALLORY, probe, ReferenceHolder.note(2), Set.of(name("mine.mp3")));

        assertThat(proven.stored().sha256()).isEqualTo(original.stored().sha256());
        assertThat(objects.keys()).as("one object, no staged upload left").containsExactly(original.stored().storageKey());
        assertThat(catalog.find(BIOLOGY, name("a.mp3"))).map(media -> media.stored().referenceCount()).contains(2);
        assertThat(catalog.find(probe, name("mine.mp3"))).map(media -> media.stored().referenceCount()).contains(2);
        assertThat(catalog.repairCounts()).isZero();
    }

    @Test
    void confirm_ofAnImageStoredConverted_mapsTheStoredWebp_withoutConvertingAgain() {
        byte[] image = png(40, 30, 500, 1);
        DeckMedia original = upload(BOB, BIOLOGY, "cell.png", image);
        CountingTranscoder transcoder = new CountingTranscoder(new StandInTranscoder());
        service = new SharedMediaService(catalog, objects, transcoder, LIMITS, scratch, clock);
        DeckId probe = probeDeck();

        DeckMedia proven = upload(MALLORY, probe, "mine.png", image);

        assertThat(proven.stored()).isEqualTo(original.stored());
        assertThat(transcoder.conversions).isZero();
        assertThat(transcoder.inspections).as("the bytes are still checked").isEqualTo(1);
        assertThat(objects.keys()).containsExactly(original.stored().storageKey());
    }

    /** Counts what the service asks of the transcoder it wraps. */
    private static final class CountingTranscoder implements MediaTranscoder {
        private final MediaTranscoder wrapped;
        int inspections;
        int conversions;

        CountingTranscoder(MediaTranscoder wrapped) {
            this.wrapped = wrapped;
        }

        @Override
        public Optional<MediaInspection> inspect(Path file) {
            inspections++;
            return wrapped.inspect(file);
        }

        @Override
        public boolean toWebp(Path source, MediaInspection inspection, Path target) {
            conversions++;
            return wrapped.toWebp(source, inspection, target);
        }
    }

    @Test
    void check_ofTheSameNameTwice_isInvalid() {
        assertRefused(Kind.INVALID,
                () -> service.check(BOB, BIOLOGY, List.of(announced("a.mp3", mp3(100, 1)), announced("a.mp3", mp3(100, 2)))));
    }

    @Test
    void check_ofMoreFilesThanARequestMayName_isInvalid() {
        List<AnnouncedFile> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(announced(i + ".mp3", mp3(100, i)));
        }

        assertRefused(Kind.INVALID, () -> service.check(BOB, BIOLOGY, six));
        assertThat(service.check(BOB, BIOLOGY, six.subList(0, 5)).uploads()).hasSize(5);
    }

    @Test
    void check_refusesAFileLargerThanEveryLimit_andOffersTheRest() {
        CheckResult result = service.check(BOB, BIOLOGY,
                List.of(announced("huge.mp3", mp3(8_001, 1)), announced("fine.mp3", mp3(8_000, 2))));

        assertThat(result.refused()).extracting(Refusal::name).containsExactly(name("huge.mp3"));
        assertThat(result.refused().get(0).reason()).contains("larger than the limit of 8000 bytes");
        assertThat(result.uploads()).extracting(UploadOffer::name).containsExactly(name("fine.mp3"));
    }

    @Test
    void check_refusesWhatWouldOverflowTheDecksQuota_countingWhatItHolds() {
        upload(BOB, MEDICINE, "held.mp3", mp3(400, 1));

        CheckResult result = service.check(BOB, MEDICINE,
                List.of(announced("fits.mp3", mp3(500, 2)), announced("overflows.mp3", mp3(200, 3))));

        assertThat(result.uploads()).extracting(UploadOffer::name).containsExactly(name("fits.mp3"));
        assertThat(result.refused()).extracting(Refusal::name).containsExactly(name("overflows.mp3"));
        assertThat(result.refused().get(0).reason()).contains("quota of 1000 bytes");
    }

    @Test
    void anUploadOffer_acceptsOnlyTheAnnouncedBytes_atTheTicketsKey_untilItExpires() {
        byte[] bytes = mp3(300, 1);
        UploadOffer offer = offer(BOB, BIOLOGY, "a.mp3", bytes);
        PresignedRequest put = offer.upload();
        byte[] sameLengthOtherBytes = mp3(300, 2);
        PresignedRequest elsewhere = new PresignedRequest(put.method(),
                URI.create(put.url().toString().replace(ObjectKeys.STAGED, "media/")), put.headers(), put.expiresAt());

        assertThat(objects.perform(put, sameLengthOtherBytes).status()).isEqualTo(400);
        assertThat(objects.perform(put, Arrays.copyOf(bytes, 299)).status()).isEqualTo(400);
        assertThat(objects.perform(elsewhere, bytes).status()).isEqualTo(403);
        assertThat(objects.keys()).isEmpty();
        assertThat(objects.perform(put, bytes).status()).isEqualTo(200);
        assertThat(objects.bytes(ObjectKeys.staged(offer.ticket()))).hasValue(bytes);

        UploadOffer late = offer(BOB, BIOLOGY, "b.mp3", mp3(300, 3));
        clock.advance(LIMITS.uploadTtl().plusSeconds(1));
        assertThat(objects.perform(late.upload(), mp3(300, 3)).status()).isEqualTo(403);
    }

    // Confirm

    @Test
    void confirm_storesAnImageConvertedToWebp_underItsOwnHash_andClearsTheUpload() {
        byte[] image = png(40, 30, 500, 1);
        byte[] webp = webpOf(image);
        UploadOffer offer = offer(BOB, BIOLOGY, "cell.png", image);
        objects.perform(offer.upload(), image);

        ConfirmResult result = service.confirm(BOB, BIOLOGY, List.of(offer.ticket()));

        assertThat(result.refused()).isEmpty();
        assertThat(result.stored()).hasSize(1);
        DeckMedia stored = result.stored().get(0);
        assertThat(stored.name()).isEqualTo(name("cell.png"));
        assertThat(stored.stored().kind()).isEqualTo(MediaKind.WEBP);
        assertThat(stored.stored().sha256()).isEqualTo(sha(webp));
        assertThat(stored.stored().size()).isEqualTo(webp.length);
        assertThat(stored.mappedAt()).isEqualTo(START);
        assertThat(objects.keys()).containsExactly(ObjectKeys.stored(sha(webp)));
        assertThat(objects.bytes(ObjectKeys.stored(sha(webp)))).hasValue(webp);
        assertThat(catalog.ticket(offer.ticket())).isEmpty();
        assertThat(catalog.find(BIOLOGY, name("cell.png"))).contains(stored);
    }

    @Test
    void aConvertedFile_isFoundAgainByItsAnnouncedHash_onTheNextCheck() {
        byte[] image = png(40, 30, 500, 1);
        DeckMedia first = upload(BOB, BIOLOGY, "cell.png", image);

        CheckResult again = service.check(BOB, MEDICINE, List.of(announced("zelle.png", image)));

        assertThat(again.present()).containsExactly(name("zelle.png"));
        assertThat(again.uploads()).isEmpty();
        assertThat(catalog.find(MEDICINE, name("zelle.png"))).map(DeckMedia::stored).contains(first.stored());
        assertThat(storedKeys()).hasSize(1);
    }

    @Test
    void confirm_keepsAudio_anAnimatedImage_andAnImageWhoseWebpIsNoSmaller_asUploaded() {
        byte[] sound = mp3(500, 1);
        byte[] animation = animatedGif(20, 20, 500, 2);
        byte[] tiny = png(2, 2, StandInTranscoder.WEBP_SIZE, 3);

        DeckMedia storedSound = upload(BOB, BIOLOGY, "a.mp3", sound);
        DeckMedia storedAnimation = upload(BOB, BIOLOGY, "b.gif", animation);
        DeckMedia storedTiny = upload(BOB, BIOLOGY, "c.png", tiny);

        assertThat(storedSound.stored().kind()).isEqualTo(MediaKind.MP3);
        assertThat(storedAnimation.stored().kind()).isEqualTo(MediaKind.GIF);
        assertThat(storedTiny.stored().kind()).isEqualTo(MediaKind.PNG);
        assertThat(objects.bytes(ObjectKeys.stored(sha(sound)))).hasValue(sound);
        assertThat(objects.bytes(ObjectKeys.stored(sha(animation)))).hasValue(animation);
        assertThat(objects.bytes(ObjectKeys.stored(sha(tiny)))).hasValue(tiny);
    }

    @Test
    void confirm_refusesBytesOtherThanTheAnnouncedOnes_andDiscardsThem() {
        UploadOffer offer = offer(BOB, BIOLOGY, "a.mp3", mp3(300, 1));
        // A store that checked nothing, or an object written around the pre-signed URL.
        objects.put(ObjectKeys.staged(offer.ticket()), mp3(300, 2));

        assertThat(refusalOf(offer)).contains("do not have the announced SHA-256");
        assertThat(objects.keys()).isEmpty();
        assertThat(catalog.ticket(offer.ticket())).isEmpty();
        assertThat(catalog.find(BIOLOGY, name("a.mp3"))).isEmpty();
    }

    @Test
    void confirm_refusesAnUploadOfAnotherLength() {
        byte[] bytes = mp3(300, 1);
        UploadOffer shorter = offer(BOB, BIOLOGY, "short.mp3", bytes);
        UploadOffer longer = offer(BOB, BIOLOGY, "long.mp3", mp3(300, 2));
        objects.put(ObjectKeys.staged(shorter.ticket()), Arrays.copyOf(bytes, 299));
        objects.put(ObjectKeys.staged(longer.ticket()), mp3(301, 2));

        assertThat(refusalOf(shorter)).contains("299 bytes were uploaded, 300 were announced");
        assertThat(refusalOf(longer)).contains("more bytes were uploaded than the 300 announced");
        assertThat(objects.keys()).isEmpty();
    }

    @Test
    void confirm_refusesATicketWithNothingUploaded() {
        UploadOffer offer = offer(BOB, BIOLOGY, "a.mp3", mp3(300, 1));

        assertThat(refusalOf(offer)).contains("nothing was uploaded");
        assertThat(catalog.ticket(offer.ticket())).isEmpty();
    }

    @Test
    void confirm_refusesAFileOfAKindItDoesNotTake() {
        byte[] text = "#!/bin/sh\necho this is not a picture\n".getBytes(StandardCharsets.UTF_8);
        UploadOffer offer = offer(BOB, BIOLOGY, "picture.png", text);
        objects.perform(offer.upload(), text);

        assertThat(refusalOf(offer)).contains("not an image or audio file");
        assertThat(objects.keys()).isEmpty();
    }

    @Test
    void confirm_refusesAnImageWhoseHeaderPromisesTooManyPixels() {
        byte[] bomb = png(100_000, 100_000, 500, 1);
        UploadOffer offer = offer(BOB, BIOLOGY, "bomb.png", bomb);
        objects.perform(offer.upload(), bomb);

        assertThat(refusalOf(offer)).contains("100000 x 100000 pixels is more than the limit of 1000000 pixels");
        assertThat(objects.keys()).isEmpty();
    }

    @Test
    void confirm_refusesAnImageOverTheImageLimit_thatAudioCouldHaveHad() {
        byte[] big = png(100, 100, 5_000, 1);
        UploadOffer offer = offer(BOB, BIOLOGY, "big.png", big);
        objects.perform(offer.upload(), big);

        assertThat(refusalOf(offer)).contains("png files may have at most 4000 bytes");
        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void confirm_refusesATicketIssuedToAnotherUserOrDeck_andLeavesItForItsOwner() {
        UserId dave = new UserId("dave");
        service.setRole(ALICE, BIOLOGY, dave, DeckRole.CONTRIBUTOR);
        byte[] bytes = mp3(300, 1);
        UploadOffer offer = offer(BOB, BIOLOGY, "a.mp3", bytes);
        objects.perform(offer.upload(), bytes);

        ConfirmResult byDave = service.confirm(dave, BIOLOGY, List.of(offer.ticket()));
        ConfirmResult inMedicine = service.confirm(BOB, MEDICINE, List.of(offer.ticket()));

        assertThat(byDave.stored()).isEmpty();
        assertThat(byDave.refused()).extracting(TicketRefusal::reason).containsExactly("this ticket was issued to another user or deck");
        assertThat(inMedicine.refused()).extracting(TicketRefusal::reason).containsExactly("this ticket was issued to another user or deck");
        assertThat(service.confirm(BOB, BIOLOGY, List.of(offer.ticket())).stored()).extracting(DeckMedia::name)
                .containsExactly(name("a.mp3"));
    }

    @Test
    void confirm_refusesAnExpiredTicket() {
        byte[] bytes = mp3(300, 1);
        UploadOffer offer = offer(BOB, BIOLOGY, "a.mp3", bytes);
        objects.perform(offer.upload(), bytes);
        clock.advance(LIMITS.uploadTtl().plusSeconds(1));

        assertThat(refusalOf(offer)).contains("expired");
        assertThat(catalog.find(BIOLOGY, name("a.mp3"))).isEmpty();
        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void confirm_refusesAnUnknownTicket_andATicketUsedAlready() {
        byte[] bytes = mp3(300, 1);
        UploadOffer offer = offer(BOB, BIOLOGY, "a.mp3", bytes);
        objects.perform(offer.upload(), bytes);
        UUID unknown = UUID.randomUUID();

        ConfirmResult first = service.confirm(BOB, BIOLOGY, List.of(offer.ticket(), unknown, offer.ticket()));
        ConfirmResult second = service.confirm(BOB, BIOLOGY, List.of(offer.ticket()));

        assertThat(first.stored()).extracting(DeckMedia::name).containsExactly(name("a.mp3"));
        assertThat(first.refused()).containsExactly(new TicketRefusal(unknown, "unknown ticket, or used already"));
        assertThat(second.refused()).containsExactly(new TicketRefusal(offer.ticket(), "unknown ticket, or used already"));
    }

    // References, approval, removal

    @Test
    void decliningASuggestionAfterTheGracePeriod_deletesTheFileOnlyItUsed() {
        DeckMedia file = upload(BOB, BIOLOGY, "a.mp3", mp3(300, 1));
        DeckMedia kept = upload(BOB, BIOLOGY, "b.mp3", mp3(300, 2));
        service.setReferences(BOB, BIOLOGY, ReferenceHolder.suggestion(1), Set.of(file.name()));
        service.setReferences(ALICE, BIOLOGY, ReferenceHolder.note(9), Set.of(kept.name()));
        clock.advance(LIMITS.grace().plusSeconds(1));

        service.decline(ALICE, BIOLOGY, 1);

        assertThat(storedKeys()).containsExactly(kept.stored().storageKey());
        assertThat(catalog.find(BIOLOGY, file.name())).isEmpty();
        assertThat(catalog.references(BIOLOGY, ReferenceHolder.suggestion(1))).isEmpty();
    }

    @Test
    void decliningASuggestionWithinTheGracePeriod_keepsTheFreshUpload() {
        DeckMedia file = upload(BOB, BIOLOGY, "a.mp3", mp3(300, 1));
        service.setReferences(BOB, BIOLOGY, ReferenceHolder.suggestion(1), Set.of(file.name()));

        service.decline(ALICE, BIOLOGY, 1);

        assertThat(storedKeys()).containsExactly(file.stored().storageKey());
        assertThat(catalog.find(BIOLOGY, file.name())).isPresent();
    }

    @Test
    void approvingASuggestion_givesItsFilesToTheNote_andDeletesWhatTheNoteNoLongerUses() {
        DeckMedia old = upload(BOB, BIOLOGY, "old.mp3", mp3(300, 1));
        DeckMedia fresh = upload(BOB, BIOLOGY, "new.mp3", mp3(300, 2));
        service.setReferences(ALICE, BIOLOGY, ReferenceHolder.note(10), Set.of(old.name()));
        service.setReferences(BOB, BIOLOGY, ReferenceHolder.suggestion(3), Set.of(fresh.name()));
        clock.advance(LIMITS.grace().plusSeconds(1));

        service.approve(ALICE, BIOLOGY, 3, 10);

        assertThat(catalog.references(BIOLOGY, ReferenceHolder.note(10))).containsExactly(fresh.name());
        assertThat(catalog.references(BIOLOGY, ReferenceHolder.suggestion(3))).isEmpty();
        assertThat(storedKeys()).containsExactly(fresh.stored().storageKey());
    }

    @Test
    void removingAFile_deletesItAtOnce_evenWithinTheGracePeriod() {
        DeckMedia file = upload(BOB, BIOLOGY, "a.mp3", mp3(300, 1));
        service.setReferences(ALICE, BIOLOGY, ReferenceHolder.note(1), Set.of(file.name(), name("other.mp3")));
        clock.advance(Duration.ofMinutes(1));

        service.remove(ALICE, BIOLOGY, file.name());

        assertThat(storedKeys()).isEmpty();
        assertThat(catalog.find(BIOLOGY, file.name())).isEmpty();
        assertThat(catalog.references(BIOLOGY, ReferenceHolder.note(1))).containsExactly(name("other.mp3"));
        assertRefused(Kind.NOT_FOUND, () -> service.remove(ALICE, BIOLOGY, file.name()));
    }

    @Test
    void uploadingANewVersionOfAName_deletesTheOldFileOnceTheGracePeriodIsOver() {
        DeckMedia v1 = upload(BOB, BIOLOGY, "diagram.mp3", mp3(300, 1));
        service.setReferences(ALICE, BIOLOGY, ReferenceHolder.note(1), Set.of(v1.name()));
        clock.advance(LIMITS.grace().plusSeconds(1));

        DeckMedia v2 = upload(BOB, BIOLOGY, "diagram.mp3", mp3(300, 2));

        assertThat(storedKeys()).containsExactly(v2.stored().storageKey());
        assertThat(catalog.find(BIOLOGY, name("diagram.mp3"))).map(media -> media.stored().referenceCount()).contains(1);
    }

    // Downloads

    private List<byte[]> uploadSounds(int count) {
        List<byte[]> sounds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] sound = mp3(100 + i, i);
            upload(BOB, BIOLOGY, "sound-" + i + ".mp3", sound);
            sounds.add(sound);
        }
        return sounds;
    }

    @Test
    void downloads_ofADeckOfExactlyOnePage_haveNoNext() {
        uploadSounds(3);

        DownloadPage page = service.downloads(CAROL, BIOLOGY, MediaQuery.firstPage(3));

        assertThat(page.links()).hasSize(3);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void downloads_comeInPages_withANextOnlyWhileAnotherPageExists() {
        List<byte[]> sounds = uploadSounds(4);

        DownloadPage first = service.downloads(CAROL, BIOLOGY, MediaQuery.firstPage(3));
        DownloadPage second = service.downloads(CAROL, BIOLOGY, new MediaQuery(first.next(), "", Optional.empty(), 3));

        assertThat(first.links()).extracting(link -> link.media().name().value())
                .containsExactly("sound-0.mp3", "sound-1.mp3", "sound-2.mp3");
        assertThat(first.next()).contains(name("sound-2.mp3"));
        assertThat(second.links()).extracting(link -> link.media().name().value()).containsExactly("sound-3.mp3");
        assertThat(second.next()).isEmpty();
        DownloadLink link = second.links().get(0);
        assertThat(link.download().expiresAt()).isEqualTo(START.plus(LIMITS.downloadTtl()));
        assertThat(objects.perform(link.download(), new byte[0]).body()).isEqualTo(sounds.get(3));
    }

    @Test
    void downloads_ofMoreThanAPageMayHold_areInvalid() {
        assertRefused(Kind.INVALID, () -> service.downloads(CAROL, BIOLOGY, MediaQuery.firstPage(LIMITS.maxPageSize() + 1)));
        assertThat(service.downloads(CAROL, BIOLOGY, MediaQuery.firstPage(LIMITS.maxPageSize())).links()).isEmpty();
    }

    @Test
    void open_readsADecksFile_andIsEmptyForANameItLacks() throws IOException {
        byte[] sound = mp3(300, 1);
        upload(BOB, BIOLOGY, "a.mp3", sound);

        try (InputStream in = service.open(CAROL, BIOLOGY, name("a.mp3")).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(sound);
        }
        assertThat(service.open(CAROL, BIOLOGY, name("b.mp3"))).isEmpty();
        assertThat(service.open(BOB, MEDICINE, name("a.mp3"))).isEmpty();
    }
}
