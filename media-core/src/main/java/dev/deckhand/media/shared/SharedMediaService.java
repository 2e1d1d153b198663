package dev.deckhand.media.shared;

import dev.deckhand.ports.in.decks.AnnouncedFile;
import dev.deckhand.ports.in.decks.CheckResult;
import dev.deckhand.ports.in.decks.ConfirmResult;
import dev.deckhand.ports.in.decks.DownloadLink;
import dev.deckhand.ports.in.decks.DownloadPage;
import dev.deckhand.ports.in.decks.HousekeepingReport;
import dev.deckhand.ports.in.decks.Refusal;
import dev.deckhand.ports.in.decks.SharedMedia;
import dev.deckhand.ports.in.decks.SharedMediaException.Kind;
import dev.deckhand.ports.in.decks.SharedMediaException;
import dev.deckhand.ports.in.decks.UploadOffer;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.decks.DeckId;
import dev.deckhand.ports.model.decks.DeckMedia;
import dev.deckhand.ports.model.decks.DeckMembership;
import dev.deckhand.ports.model.decks.DeckRole;
import dev.deckhand.ports.model.decks.MediaName;
import dev.deckhand.ports.model.decks.MediaQuery;
import dev.deckhand.ports.model.decks.ReferenceHolder;
import dev.deckhand.ports.model.decks.SharedDeck;
import dev.deckhand.ports.model.decks.StoredMedia;
import dev.deckhand.ports.out.BlobStoreException;
import dev.deckhand.ports.out.decks.MediaTranscoder;
import dev.deckhand.ports.out.decks.ObjectStore;
import dev.deckhand.ports.out.decks.SharedMediaCatalog;
import dev.deckhand.ports.out.decks.TranscodingException;
import dev.deckhand.ports.out.decks.UploadTicket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared-deck media rules. Subscribers download, contributors also upload and reference files
 * from their suggestions, maintainers also approve, remove and manage members. Uploads go in three
 * steps: check (which announced files are new), the client's PUT straight to the object store, and
 * confirm (the bytes are checked and converted here before anything is recorded).
 */
public final class SharedMediaService implements SharedMedia {

    private static final Logger LOG = LoggerFactory.getLogger(SharedMediaService.class);
    /** What a client's upload is signed for; the real type is sniffed from the bytes on confirm. */
    private static final String UPLOAD_CONTENT_TYPE = "application/octet-stream";

    private final SharedMediaCatalog catalog;
    private final ObjectStore objects;
    private final SharedMediaLimits limits;
    private final Clock clock;
    private final UploadVerifier verifier;
    private final SharedMediaHousekeeping housekeeping;

    public SharedMediaService(SharedMediaCatalog catalog, ObjectStore objects, MediaTranscoder transcoder,
            SharedMediaLimits limits, Path scratch, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verifier = new UploadVerifier(objects, Objects.requireNonNull(transcoder, "transcoder"), limits, scratch);
        this.housekeeping = new SharedMediaHousekeeping(catalog, objects, clock);
    }

    @Override
    public void createDeck(UserId user, SharedDeck deck) {
        if (!catalog.createDeck(deck, user)) {
            throw new SharedMediaException(Kind.INVALID, "a deck with the id " + deck.id().value() + " exists already");
        }
    }

    @Override
    public void setRole(UserId maintainer, DeckId deck, UserId member, DeckRole role) {
        require(maintainer, deck, DeckRole.MAINTAINER);
        catalog.setRole(deck, member, role);
    }

    @Override
    public Optional<DeckRole> role(UserId user, DeckId deck) {
        return catalog.role(deck, user);
    }

    @Override
    public List<DeckMembership> decks(UserId user) {
        return catalog.decksOf(user);
    }

    @Override
    public DeckMembership deck(UserId user, DeckId deck) {
        return membership(user, deck, DeckRole.SUBSCRIBER);
    }

    @Override
    public CheckResult check(UserId user, DeckId deck, List<AnnouncedFile> files) {
        SharedDeck shared = require(user, deck, DeckRole.CONTRIBUTOR);
        requireFewEnough(files.size());
        requireDistinctNames(files.stream().map(AnnouncedFile::name).toList());
        Instant now = clock.instant();
        List<Refusal> refused = new ArrayList<>();
        List<AnnouncedFile> wanted = new ArrayList<>();
        for (AnnouncedFile file : files) {
            if (file.size() > limits.maxAnnouncedBytes()) {
                refused.add(new Refusal(file.name(), "larger than the limit of " + limits.maxAnnouncedBytes() + " bytes"));
            } else {
                wanted.add(file);
            }
        }
        Map<Sha256, StoredMedia> known = catalog.findByAnnounced(wanted.stream().map(AnnouncedFile::sha256).toList());
        // A hash alone is no proof of having the file (members see hashes, and keep them after leaving a deck):
        // only a file the caller can download already is mapped without its bytes. Anyone else uploads them,
        // and confirm then maps the stored file, so it is still stored once.
        Set<Sha256> readable = catalog.readableBy(user, known.values().stream().map(StoredMedia::sha256).toList());
        List<MediaName> present = new ArrayList<>();
        List<AnnouncedFile> missing = new ArrayList<>();
        for (AnnouncedFile file : wanted) {
            StoredMedia stored = known.get(file.sha256());
            Optional<List<StoredMedia>> mapped = stored == null || !readable.contains(stored.sha256())
                    ? Optional.empty()
                    : catalog.mapName(deck, file.name(), stored.sha256(), now, limits.grace());
            if (mapped.isPresent()) {
                deleteObjects(mapped.get());
                present.add(file.name());
            } else {
                missing.add(file);
            }
        }
        long used = catalog.deckBytes(deck);
        List<UploadTicket> tickets = new ArrayList<>();
        List<UploadOffer> offers = new ArrayList<>();
        for (AnnouncedFile file : missing) {
            if (used + file.size() > shared.quotaBytes()) {
                refused.add(new Refusal(file.name(), "the deck's media quota of " + shared.quotaBytes() + " bytes is full"));
                continue;
            }
            used += file.size();
            UUID id = UUID.randomUUID();
            String staging = ObjectKeys.staged(id);
            tickets.add(new UploadTicket(id, deck, user, file.name(), file.sha256(), file.size(), staging,
                    now.plus(limits.uploadTtl())));
            offers.add(new UploadOffer(id, file.name(),
                    objects.presignUpload(staging, file.size(), file.sha256(), UPLOAD_CONTENT_TYPE, limits.uploadTtl())));
        }
        catalog.saveTickets(tickets);
        return new CheckResult(present, offers, refused);
    }

    @Override
    public ConfirmResult confirm(UserId user, DeckId deck, List<UUID> tickets) {
        require(user, deck, DeckRole.CONTRIBUTOR);
        requireFewEnough(tickets.size());
        List<DeckMedia> stored = new ArrayList<>();
        List<ConfirmResult.TicketRefusal> refused = new ArrayList<>();
        for (UUID id : new LinkedHashSet<>(tickets)) {
            Optional<UploadTicket> ticket = catalog.ticket(id);
            Optional<String> problem = ticketProblem(ticket, user, deck);
            if (problem.isPresent()) {
                refused.add(new ConfirmResult.TicketRefusal(id, problem.get()));
                continue;
            }
            try {
                stored.add(store(ticket.get()));
            } catch (UploadVerifier.Refused e) {
                discard(ticket.get());
                refused.add(new ConfirmResult.TicketRefusal(id, e.getMessage()));
            }
        }
        return new ConfirmResult(stored, refused);
    }

    /** Why a ticket cannot be confirmed by this user for this deck now, if it cannot. */
    private Optional<String> ticketProblem(Optional<UploadTicket> ticket, UserId user, DeckId deck) {
        if (ticket.isEmpty()) {
            return Optional.of("unknown ticket, or used already");
        }
        if (!ticket.get().user().equals(user) || !ticket.get().deck().equals(deck)) {
            return Optional.of("this ticket was issued to another user or deck");
        }
        if (clock.instant().isAfter(ticket.get().expiresAt())) {
            return Optional.of("this ticket has expired; check the file again");
        }
        return Optional.empty();
    }

    /** Verifies one upload, stores its content once, records it, and clears the staging object. */
    private DeckMedia store(UploadTicket ticket) throws UploadVerifier.Refused {
        Optional<StoredMedia> storedAlready = Optional.ofNullable(
                catalog.findByAnnounced(List.of(ticket.announced())).get(ticket.announced()));
        if (storedAlready.isPresent()) {
            return mapProven(ticket, storedAlready.get());
        }
        UploadVerifier.Verified verified;
        try {
            verified = verifier.verify(ticket);
        } catch (IOException | TranscodingException e) {
            throw cannotCheck(ticket, e);
        }
        try {
            String key = ObjectKeys.stored(verified.sha256());
            StoredMedia media = new StoredMedia(verified.sha256(), key, verified.size(), verified.kind(), 0);
            if (!catalog.findByAnnounced(List.of(verified.sha256())).containsKey(verified.sha256())) {
                objects.upload(key, verified.file().path(), verified.sha256(), verified.kind().contentType());
            }
            if (verified.converted()) {
                LOG.debug("stored {} as WebP ({} -> {} bytes)", ticket.name().value(), ticket.size(), verified.size());
            }
            return record(ticket, media);
        } finally {
            verified.file().delete();
        }
    }

    /** An upload of content stored already: checked like any upload, then the stored file is mapped, not stored again. */
    private DeckMedia mapProven(UploadTicket ticket, StoredMedia stored) throws UploadVerifier.Refused {
        try {
            verifier.prove(ticket);
        } catch (IOException | TranscodingException e) {
            throw cannotCheck(ticket, e);
        }
        return record(ticket, stored);
    }

    private static BlobStoreException cannotCheck(UploadTicket ticket, Exception cause) {
        return new BlobStoreException("cannot check the upload for ticket " + ticket.id(), cause);
    }

    private DeckMedia record(UploadTicket ticket, StoredMedia media) {
        deleteObjects(catalog.recordUpload(ticket, media, clock.instant(), limits.grace()));
        // Recorded: a staged copy left behind is an orphan for housekeeping, not a failed upload.
        SharedMediaHousekeeping.deleteQuietly(objects, ticket.stagingKey());
        return catalog.find(ticket.deck(), ticket.name())
                .orElseThrow(() -> new IllegalStateException("an upload just recorded is missing"));
    }

    private void discard(UploadTicket ticket) {
        catalog.deleteTicket(ticket.id());
        SharedMediaHousekeeping.deleteQuietly(objects, ticket.stagingKey());
    }

    @Override
    public void setReferences(UserId user, DeckId deck, ReferenceHolder holder, Set<MediaName> names) {
        require(user, deck, holder.kind() == ReferenceHolder.Kind.NOTE ? DeckRole.MAINTAINER : DeckRole.CONTRIBUTOR);
        requireFewEnough(names.size());
        deleteObjects(catalog.setReferences(deck, holder, names, clock.instant(), limits.grace()));
    }

    @Override
    public void decline(UserId maintainer, DeckId deck, long suggestionId) {
        require(maintainer, deck, DeckRole.MAINTAINER);
        deleteObjects(catalog.setReferences(deck, ReferenceHolder.suggestion(suggestionId), Set.of(), clock.instant(),
                limits.grace()));
    }

    @Override
    public void approve(UserId maintainer, DeckId deck, long suggestionId, long noteId) {
        require(maintainer, deck, DeckRole.MAINTAINER);
        deleteObjects(catalog.approve(deck, suggestionId, noteId, clock.instant(), limits.grace()));
    }

    @Override
    public void remove(UserId maintainer, DeckId deck, MediaName name) {
        require(maintainer, deck, DeckRole.MAINTAINER);
        if (catalog.find(deck, name).isEmpty()) {
            throw new SharedMediaException(Kind.NOT_FOUND, "the deck has no file named " + name.value());
        }
        // A maintainer's removal is deliberate: no grace period keeps the file.
        deleteObjects(catalog.removeName(deck, name, clock.instant(), Duration.ZERO));
    }

    @Override
    public DownloadPage downloads(UserId user, DeckId deck, MediaQuery query) {
        require(user, deck, DeckRole.SUBSCRIBER);
        if (query.limit() > limits.maxPageSize()) {
            throw new SharedMediaException(Kind.INVALID, "a page holds at most " + limits.maxPageSize() + " files");
        }
        // One row more than asked says whether another page exists, so a full last page needs no empty follow-up.
        List<DeckMedia> rows = catalog.list(deck, new MediaQuery(query.after(), query.contains(), query.mappedSince(),
                query.limit() + 1));
        boolean more = rows.size() > query.limit();
        List<DeckMedia> page = more ? rows.subList(0, query.limit()) : rows;
        List<DownloadLink> links = new ArrayList<>(page.size());
        for (DeckMedia row : page) {
            links.add(new DownloadLink(row, objects.presignDownload(row.stored().storageKey(), limits.downloadTtl())));
        }
        return new DownloadPage(links, more ? Optional.of(page.get(page.size() - 1).name()) : Optional.empty());
    }

    @Override
    public Optional<InputStream> open(UserId user, DeckId deck, MediaName name) {
        require(user, deck, DeckRole.SUBSCRIBER);
        return catalog.find(deck, name).flatMap(media -> objects.open(media.stored().storageKey()));
    }

    @Override
    public HousekeepingReport housekeeping(Duration grace) {
        return housekeeping.run(grace);
    }

    /** The deck, if the user holds at least {@code needed} in it; 404 for a deck that does not exist. */
    private SharedDeck require(UserId user, DeckId deck, DeckRole needed) {
        return membership(user, deck, needed).deck();
    }

    private DeckMembership membership(UserId user, DeckId deck, DeckRole needed) {
        SharedDeck shared = catalog.deck(deck)
                .orElseThrow(() -> new SharedMediaException(Kind.NOT_FOUND, "no shared deck " + deck.value()));
        DeckRole role = catalog.role(deck, user)
                .orElseThrow(() -> new SharedMediaException(Kind.FORBIDDEN, "you are not a member of " + deck.value()));
        if (role.compareTo(needed) < 0) {
            throw new SharedMediaException(Kind.FORBIDDEN,
                    "this needs the " + needed.name().toLowerCase(Locale.ROOT) + " role in " + deck.value());
        }
        return new DeckMembership(shared, role);
    }

    private void requireFewEnough(int count) {
        if (count > limits.maxFilesPerRequest()) {
            throw new SharedMediaException(Kind.INVALID,
                    count + " files in one request; at most " + limits.maxFilesPerRequest() + " are allowed");
        }
    }

    private static void requireDistinctNames(List<MediaName> names) {
        Set<MediaName> seen = new HashSet<>();
        for (MediaName name : names) {
            if (!seen.add(name)) {
                throw new SharedMediaException(Kind.INVALID, "the name " + name.value() + " is announced twice");
            }
        }
    }

    /** Deletes the objects of files the catalog just dropped; a failure leaves an orphan for housekeeping. */
    private void deleteObjects(List<StoredMedia> dropped) {
        dropped.forEach(media -> SharedMediaHousekeeping.deleteQuietly(objects, media.storageKey()));
    }
}
