package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.CardRow;
import dev.deckhand.ports.model.Graves;
import dev.deckhand.ports.model.LegacyObject;
import dev.deckhand.ports.model.NoteRow;
import dev.deckhand.ports.model.RevlogRow;
import dev.deckhand.ports.model.SanityCounts;
import dev.deckhand.ports.out.NotetypeShape;
import dev.deckhand.ports.out.RowStamp;
import dev.deckhand.ports.out.SyncTransaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * A collection in maps, for tests of the sync rules. Writes go straight into the maps;
 * {@link #committed()} says whether the core committed. Sort fields and checksums written with notes
 * are kept in {@link #noteText}. Rollback needs a copy to write to: {@link InMemoryCollectionTransactions}
 * hands out {@link #copy copies} and keeps only committed ones.
 */
public final class InMemorySyncTransaction implements SyncTransaction {

    public final Map<Long, LegacyObject> notetypes = new TreeMap<>();
    public final Map<Long, Integer> notetypeSortFields = new HashMap<>();
    public final Map<Long, LegacyObject> decks = new TreeMap<>();
    public final Map<Long, LegacyObject> deckConfigs = new TreeMap<>();
    public final Map<String, Integer> tags = new LinkedHashMap<>();
    public final Map<String, String> config = new TreeMap<>();
    public final Map<String, Integer> configUsns = new HashMap<>();
    public final Map<Long, RevlogRow> revlog = new TreeMap<>();
    public final Map<Long, CardRow> cards = new TreeMap<>();
    public final Map<Long, NoteRow> notes = new TreeMap<>();
    public final Map<Long, String[]> noteText = new HashMap<>();
    /** Graves by kind ("card", "note", "deck") and id, with their USN. */
    public final Map<String, Integer> graves = new TreeMap<>();
    public long creationStamp;
    public long modifiedMillis;
    public long lastSyncMillis;
    private int usn;
    private boolean committed;
    private boolean closed;
    private final Consumer<InMemorySyncTransaction> onCommit;

    public InMemorySyncTransaction(int usn) {
        this(usn, committed -> { });
    }

    private InMemorySyncTransaction(int usn, Consumer<InMemorySyncTransaction> onCommit) {
        this.usn = usn;
        this.onCommit = onCommit;
    }

    /** A new transaction over a copy of these rows; {@code onCommit} gets it when it commits. */
    InMemorySyncTransaction copy(Consumer<InMemorySyncTransaction> onCommit) {
        InMemorySyncTransaction copy = new InMemorySyncTransaction(usn, onCommit);
        copy.notetypes.putAll(notetypes);
        copy.notetypeSortFields.putAll(notetypeSortFields);
        copy.decks.putAll(decks);
        copy.deckConfigs.putAll(deckConfigs);
        copy.tags.putAll(tags);
        copy.config.putAll(config);
        copy.configUsns.putAll(configUsns);
        copy.revlog.putAll(revlog);
        copy.cards.putAll(cards);
        copy.notes.putAll(notes);
        copy.noteText.putAll(noteText);
        copy.graves.putAll(graves);
        copy.creationStamp = creationStamp;
        copy.modifiedMillis = modifiedMillis;
        copy.lastSyncMillis = lastSyncMillis;
        return copy;
    }

    public boolean committed() {
        return committed;
    }

    public boolean closed() {
        return closed;
    }

    public int currentUsn() {
        return usn;
    }

    @Override
    public int usn() {
        return usn;
    }

    @Override
    public Graves gravesSince(int minUsn) {
        List<Long> cardIds = new ArrayList<>();
        List<Long> noteIds = new ArrayList<>();
        List<Long> deckIds = new ArrayList<>();
        graves.forEach((key, graveUsn) -> {
            if (graveUsn >= minUsn) {
                String[] parts = key.split(":");
                long id = Long.parseLong(parts[1]);
                switch (parts[0]) {
                    case "card" -> cardIds.add(id);
                    case "note" -> noteIds.add(id);
                    default -> deckIds.add(id);
                }
            }
        });
        return new Graves(cardIds, noteIds, deckIds);
    }

    @Override
    public void delete(Graves deleted, int graveUsn) {
        deleted.notes().forEach(id -> {
            notes.remove(id);
            graves.putIfAbsent("note:" + id, graveUsn);
        });
        deleted.cards().forEach(id -> {
            cards.remove(id);
            graves.putIfAbsent("card:" + id, graveUsn);
        });
        deleted.decks().forEach(id -> {
            decks.remove(id);
            graves.putIfAbsent("deck:" + id, graveUsn);
        });
    }

    @Override
    public List<LegacyObject> notetypesSince(int minUsn) {
        return since(notetypes, minUsn);
    }

    @Override
    public List<LegacyObject> decksSince(int minUsn) {
        return since(decks, minUsn);
    }

    @Override
    public List<LegacyObject> deckConfigsSince(int minUsn) {
        return since(deckConfigs, minUsn);
    }

    @Override
    public List<String> tagsSince(int minUsn) {
        return tags.entrySet().stream().filter(e -> e.getValue() >= minUsn).map(Map.Entry::getKey).toList();
    }

    @Override
    public Map<String, String> config() {
        return Map.copyOf(config);
    }

    @Override
    public void markConfigSynced() {
        configUsns.replaceAll((k, v) -> 0);
    }

    @Override
    public long creationStamp() {
        return creationStamp;
    }

    @Override
    public Optional<LegacyObject> notetype(long id) {
        return Optional.ofNullable(notetypes.get(id));
    }

    @Override
    public Optional<Long> notetypeIdByName(String name) {
        return idByName(notetypes, name);
    }

    @Override
    public void putNotetype(LegacyObject notetype) {
        notetypes.put(notetype.id(), notetype);
    }

    @Override
    public Optional<LegacyObject> deck(long id) {
        return Optional.ofNullable(decks.get(id));
    }

    @Override
    public Optional<Long> deckIdByName(String name) {
        return idByName(decks, name);
    }

    @Override
    public void putDeck(LegacyObject deck) {
        decks.put(deck.id(), deck);
    }

    @Override
    public Optional<LegacyObject> deckConfig(long id) {
        return Optional.ofNullable(deckConfigs.get(id));
    }

    @Override
    public void putDeckConfig(LegacyObject deckConfig) {
        deckConfigs.put(deckConfig.id(), deckConfig);
    }

    @Override
    public Optional<String> tag(String name) {
        return tags.keySet().stream().filter(t -> t.equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public void addTag(String tag, int tagUsn) {
        tags.put(tag, tagUsn);
    }

    @Override
    public void setCreationStamp(long seconds) {
        creationStamp = seconds;
    }

    @Override
    public void replaceConfig(Map<String, String> replacement, int configUsn, long mtimeSecs) {
        config.clear();
        config.putAll(replacement);
        configUsns.clear();
        replacement.keySet().forEach(k -> configUsns.put(k, configUsn));
    }

    @Override
    public List<Long> revlogIdsSince(int minUsn) {
        return idsSince(revlog, RevlogRow::usn, minUsn);
    }

    @Override
    public List<Long> cardIdsSince(int minUsn) {
        return idsSince(cards, CardRow::usn, minUsn);
    }

    @Override
    public List<Long> noteIdsSince(int minUsn) {
        return idsSince(notes, NoteRow::usn, minUsn);
    }

    @Override
    public List<RevlogRow> revlog(List<Long> ids) {
        return ids.stream().map(revlog::get).filter(Objects::nonNull).toList();
    }

    @Override
    public List<CardRow> cards(List<Long> ids) {
        return ids.stream().map(cards::get).filter(Objects::nonNull).toList();
    }

    @Override
    public List<NoteRow> notes(List<Long> ids) {
        return ids.stream().map(notes::get).filter(Objects::nonNull).toList();
    }

    @Override
    public void addRevlog(RevlogRow entry) {
        revlog.putIfAbsent(entry.id(), entry);
    }

    @Override
    public Optional<RowStamp> cardStamp(long id) {
        return Optional.ofNullable(cards.get(id)).map(c -> new RowStamp(c.mtimeSecs(), c.usn()));
    }

    @Override
    public void putCard(CardRow card) {
        cards.put(card.id(), card);
    }

    @Override
    public Optional<RowStamp> noteStamp(long id) {
        return Optional.ofNullable(notes.get(id)).map(n -> new RowStamp(n.mtimeSecs(), n.usn()));
    }

    @Override
    public Optional<NotetypeShape> notetypeShape(long notetypeId) {
        return notetype(notetypeId).map(n -> new NotetypeShape(n.fieldCount(), notetypeSortFields.getOrDefault(notetypeId, 0)));
    }

    @Override
    public void putNote(NoteRow note, String sortField, long checksum) {
        notes.put(note.id(), note);
        noteText.put(note.id(), new String[] {sortField, Long.toString(checksum)});
    }

    @Override
    public SanityCounts counts() {
        return new SanityCounts(cards.size(), notes.size(), revlog.size(), notetypes.size(), decks.size(), deckConfigs.size());
    }

    @Override
    public void commit(long nowMillis) {
        if (closed) {
            throw new IllegalStateException("transaction already closed");
        }
        modifiedMillis = nowMillis;
        lastSyncMillis = nowMillis;
        usn++;
        committed = true;
        onCommit.accept(this);
    }

    @Override
    public void close() {
        closed = true;
    }

    private static List<LegacyObject> since(Map<Long, LegacyObject> objects, int minUsn) {
        return objects.values().stream().filter(o -> o.usn() >= minUsn).toList();
    }

    private static Optional<Long> idByName(Map<Long, LegacyObject> objects, String name) {
        return objects.values().stream()
                .filter(o -> o.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .map(LegacyObject::id)
                .findFirst();
    }

    private static <T> List<Long> idsSince(Map<Long, T> rows, ToIntFunction<T> usnOf, int minUsn) {
        return rows.entrySet().stream().filter(e -> usnOf.applyAsInt(e.getValue()) >= minUsn).map(Map.Entry::getKey).toList();
    }
}
