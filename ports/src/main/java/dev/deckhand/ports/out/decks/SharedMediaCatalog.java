package dev.deckhand.ports.out.decks;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The shared-deck media catalog: decks and their members, files stored once by SHA-256, each deck's
 * file name to file mapping, and references from notes and suggestions to names, with every file's
 * reference count kept equal to the references that resolve to it, in the same transaction as the
 * change. Failures are {@link dev.deckhand.ports.out.StorageException}.
 *
 * <p>Methods that can bring a count to zero delete such a file from the catalog at once unless a
 * deck mapped it within {@code grace} (an upload whose suggestion is still on its way), and return
 * what they deleted: the caller then deletes the objects. Deleting after the commit means a crash
 * leaves at worst an object nothing knows, which the orphan sweep removes.
 */
public interface SharedMediaCatalog {

    /** @return false if a deck with this id exists already (nothing changes then) */
    boolean createDeck(SharedDeck deck, UserId maintainer);

    Optional<SharedDeck> deck(DeckId id);

    void setRole(DeckId deck, UserId user, DeckRole role);

    Optional<DeckRole> role(DeckId deck, UserId user);

    /** The decks the user holds a role in, ordered by deck id in code-point order; unmodifiable. */
    List<DeckMembership> decksOf(UserId user);

    /**
     * For each announced hash the catalog knows, the stored file: stored under that hash, or
     * converted from bytes with that hash.
     */
    Map<Sha256, StoredMedia> findByAnnounced(Collection<Sha256> announced);

    /**
     * Of these stored files (by the hash of the stored bytes), the ones the user can read already:
     * some deck maps a name to the file and the user holds a role, any role, in that deck. Knowing a
     * hash is no proof of having the file; being able to download it from a deck is.
     */
    Set<Sha256> readableBy(UserId user, Collection<Sha256> stored);

    /** The sum of the sizes of the distinct files the deck maps. */
    long deckBytes(DeckId deck);

    void saveTickets(Collection<UploadTicket> tickets);

    Optional<UploadTicket> ticket(UUID id);

    /** Removes a ticket whose upload was refused; false if it was not there. */
    boolean deleteTicket(UUID id);

    /** Removes tickets that expired before {@code now}; returns them so their staged objects can go. */
    List<UploadTicket> removeExpiredTickets(Instant now, int limit);

    /**
     * Records a checked upload in one transaction: the stored file if it is new, that the ticket's
     * announced hash became it, the deck's name now meaning it, and the ticket gone.
     *
     * @return files deleted because the name stopped meaning them
     * @throws IllegalStateException if the ticket is not (or no longer) in the catalog
     */
    List<StoredMedia> recordUpload(UploadTicket ticket, StoredMedia stored, Instant now, Duration grace);

    /**
     * Makes a deck's name mean a file that is already stored.
     *
     * @return empty if the file is no longer stored (deleted meanwhile: upload it), else files
     *     deleted because the name stopped meaning them
     */
    Optional<List<StoredMedia>> mapName(DeckId deck, MediaName name, Sha256 stored, Instant now, Duration grace);

    /** Replaces the names a note or suggestion references. */
    List<StoredMedia> setReferences(DeckId deck, ReferenceHolder holder, Set<MediaName> names, Instant now, Duration grace);

    /** An approved suggestion's references become the note's (replacing what the note referenced). */
    List<StoredMedia> approve(DeckId deck, long suggestionId, long noteId, Instant now, Duration grace);

    /** Removes a name from a deck: its mapping and every reference to it in the deck. */
    List<StoredMedia> removeName(DeckId deck, MediaName name, Instant now, Duration grace);

    Optional<DeckMedia> find(DeckId deck, MediaName name);

    List<DeckMedia> list(DeckId deck, MediaQuery query);

    /** The names a note or suggestion references. */
    Set<MediaName> references(DeckId deck, ReferenceHolder holder);

    /** Recomputes every reference count from the references; returns how many were wrong. */
    int repairCounts();

    /** Deletes files with no references that no deck mapped since {@code cutoff}; returns them. */
    List<StoredMedia> deleteUnreferenced(Instant cutoff, int limit);

    /** Of these object keys, the ones the catalog knows: stored files and staged uploads. */
    Set<String> knownKeys(Collection<String> keys);
}
