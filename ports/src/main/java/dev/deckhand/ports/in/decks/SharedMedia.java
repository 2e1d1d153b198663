package dev.deckhand.ports.in.decks;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.decks.DeckId;
import dev.deckhand.ports.model.decks.DeckMembership;
import dev.deckhand.ports.model.decks.DeckRole;
import dev.deckhand.ports.model.decks.MediaName;
import dev.deckhand.ports.model.decks.MediaQuery;
import dev.deckhand.ports.model.decks.ReferenceHolder;
import dev.deckhand.ports.model.decks.SharedDeck;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The shared-deck media service as its clients (the HTTP API, the command line) use it. Every call
 * names the signed-in user; what they may do depends on their {@link DeckRole} in the deck.
 * Refusals of a whole request are {@link SharedMediaException}s.
 */
public interface SharedMedia {

    /** Creates a deck with the user as its maintainer. */
    void createDeck(UserId user, SharedDeck deck);

    /** A maintainer gives another user a role in the deck. */
    void setRole(UserId maintainer, DeckId deck, UserId member, DeckRole role);

    /**
     * Step one of an upload (contributors): which announced files the deck now has because the
     * bytes are stored already, and short-lived upload offers for the rest.
     */
    CheckResult check(UserId user, DeckId deck, List<AnnouncedFile> files);

    /** Step two, after the uploads: checks each file's bytes, type and size, converts it, records it. */
    ConfirmResult confirm(UserId user, DeckId deck, List<UUID> tickets);

    /** Records the names a suggestion references (contributors) or a note references (maintainers). */
    void setReferences(UserId user, DeckId deck, ReferenceHolder holder, Set<MediaName> names);

    /** A maintainer declines a suggestion: its references go. */
    void decline(UserId maintainer, DeckId deck, long suggestionId);

    /** A maintainer approves a suggestion: its references become the note's. */
    void approve(UserId maintainer, DeckId deck, long suggestionId, long noteId);

    /** A maintainer removes a file from a deck, with every reference to it there. */
    void remove(UserId maintainer, DeckId deck, MediaName name);

    /** A page of the deck's files (any member) with pre-signed downloads. */
    DownloadPage downloads(UserId user, DeckId deck, MediaQuery query);

    /** One file's bytes (any member), for archives and previews. */
    Optional<InputStream> open(UserId user, DeckId deck, MediaName name);

    /** The user's role in a deck, if any. */
    Optional<DeckRole> role(UserId user, DeckId deck);

    /** Every deck the user holds a role in, by deck id (in code-point order); empty for a stranger to all. */
    List<DeckMembership> decks(UserId user);

    /** One deck and the user's role in it (any member). */
    DeckMembership deck(UserId user, DeckId deck);

    /**
     * Removes expired tickets (with their staged objects), files nothing has referenced for
     * {@code grace}, and objects the catalog does not know that are older than {@code grace}
     * (stored or staged); repairs counts. A ticket is removed when it expires, whatever the grace:
     * its staged object is known to the catalog until then.
     */
    HousekeepingReport housekeeping(Duration grace);
}
