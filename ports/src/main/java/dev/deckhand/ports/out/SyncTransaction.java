package dev.deckhand.ports.out;

import dev.deckhand.ports.model.CardRow;
import dev.deckhand.ports.model.Graves;
import dev.deckhand.ports.model.LegacyObject;
import dev.deckhand.ports.model.NoteRow;
import dev.deckhand.ports.model.RevlogRow;
import dev.deckhand.ports.model.SanityCounts;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One normal sync's view of a collection, inside one uncommitted transaction. The sync core decides
 * what to write; this port reads and writes rows, converting notetypes, decks and deck configs
 * between the wire's legacy JSON and the collection's own format without losing anything.
 *
 * <p>"Since {@code minUsn}" means {@code usn >= minUsn}: changed on the server after the client last
 * synced. Closing without {@link #commit} rolls everything back.
 */
public interface SyncTransaction extends AutoCloseable {

    /** The collection's USN when the transaction began. */
    int usn();

    Graves gravesSince(int minUsn);

    /** Deletes the rows (notes, then cards, then decks) and records graves for them with {@code usn}. */
    void delete(Graves graves, int usn);

    List<LegacyObject> notetypesSince(int minUsn);

    List<LegacyObject> decksSince(int minUsn);

    List<LegacyObject> deckConfigsSince(int minUsn);

    List<String> tagsSince(int minUsn);

    /** Every config entry: key to the value's JSON text. */
    Map<String, String> config();

    /** Marks every config entry as synced (usn 0), as the side that sends its config does. */
    void markConfigSynced();

    long creationStamp();

    Optional<LegacyObject> notetype(long id);

    /** The id of the notetype with this name, compared case-insensitively, if any. */
    Optional<Long> notetypeIdByName(String name);

    /** Adds or replaces a notetype with its fields and templates, under {@code notetype.name()}. */
    void putNotetype(LegacyObject notetype);

    Optional<LegacyObject> deck(long id);

    Optional<Long> deckIdByName(String name);

    /** Adds or replaces a deck, under {@code deck.name()}. */
    void putDeck(LegacyObject deck);

    Optional<LegacyObject> deckConfig(long id);

    void putDeckConfig(LegacyObject deckConfig);

    /**
     * The stored spelling of a registered tag, compared case-insensitively (Anki's {@code unicase}
     * rule: {@code Verbs::Irregular} finds {@code verbs::irregular}), if any.
     */
    Optional<String> tag(String name);

    /** Registers a tag exactly as spelt, with {@code usn}; the caller has checked that it is new. */
    void addTag(String tag, int usn);

    void setCreationStamp(long seconds);

    /** Replaces the whole config table. */
    void replaceConfig(Map<String, String> config, int usn, long mtimeSecs);

    List<Long> revlogIdsSince(int minUsn);

    List<Long> cardIdsSince(int minUsn);

    List<Long> noteIdsSince(int minUsn);

    List<RevlogRow> revlog(List<Long> ids);

    List<CardRow> cards(List<Long> ids);

    List<NoteRow> notes(List<Long> ids);

    /** Adds the entry unless one with its id exists. */
    void addRevlog(RevlogRow entry);

    /** The stored card's modification time and USN, if the card exists. */
    Optional<RowStamp> cardStamp(long id);

    void putCard(CardRow card);

    Optional<RowStamp> noteStamp(long id);

    /** What writing a note of this notetype needs to know, if the notetype exists. */
    Optional<NotetypeShape> notetypeShape(long notetypeId);

    /** Writes a note with the sort field and checksum the core computed. */
    void putNote(NoteRow note, String sortField, long checksum);

    SanityCounts counts();

    /** Sets {@code ls} and {@code mod} to {@code nowMillis}, increments the USN, and commits. */
    void commit(long nowMillis);

    /** Rolls back unless committed; idempotent. */
    @Override
    void close();
}
