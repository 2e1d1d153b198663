package dev.deckhand.ports.testing;

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
import dev.deckhand.ports.out.decks.SharedMediaCatalog;
import dev.deckhand.ports.out.decks.UploadTicket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The shared-media catalog in maps, for tests of the shared-media core; passes
 * {@link SharedMediaCatalogContract} like the PostgreSQL catalog. Every method holds the catalog's
 * lock, so each call is one transaction. A change recounts the files it touched from the references
 * (rather than adding deltas): simpler, and still leaves a count set by {@link #corruptCount} wrong
 * until {@link #repairCounts} or a change to that file.
 */
public final class InMemorySharedMediaCatalog implements SharedMediaCatalog {

    /** Names in the order of their code points, as PostgreSQL's {@code COLLATE "C"} on UTF-8 sorts them. */
    private static final Comparator<MediaName> NAME_ORDER =
            (a, b) -> Arrays.compare(a.value().codePoints().toArray(), b.value().codePoints().toArray());

    private final Map<DeckId, SharedDeck> decks = new HashMap<>();
    private final Map<DeckId, Map<UserId, DeckRole>> members = new HashMap<>();
    private final Map<Sha256, StoredFile> files = new HashMap<>();
    /** Announced hash of a converted upload to the hash of what was stored. */
    private final Map<Sha256, Sha256> aliases = new HashMap<>();
    private final Map<DeckId, Map<MediaName, Mapping>> mappings = new HashMap<>();
    private final Map<DeckId, Map<ReferenceHolder, Set<MediaName>>> references = new HashMap<>();
    private final Map<UUID, UploadTicket> tickets = new HashMap<>();

    private record StoredFile(StoredMedia media, Instant lastMappedAt) {
        StoredFile withCount(int count) {
            return new StoredFile(new StoredMedia(media.sha256(), media.storageKey(), media.size(), media.kind(), count),
                    lastMappedAt);
        }
    }

    private record Mapping(Sha256 file, Instant mappedAt) {}

    @Override
    public synchronized boolean createDeck(SharedDeck deck, UserId maintainer) {
        if (decks.putIfAbsent(deck.id(), deck) != null) {
            return false;
        }
        members.put(deck.id(), new HashMap<>(Map.of(maintainer, DeckRole.MAINTAINER)));
        mappings.put(deck.id(), new HashMap<>());
        references.put(deck.id(), new HashMap<>());
        return true;
    }

    @Override
    public synchronized Optional<SharedDeck> deck(DeckId id) {
        return Optional.ofNullable(decks.get(id));
    }

    @Override
    public synchronized void setRole(DeckId deck, UserId user, DeckRole role) {
        requireDeck(deck);
        members.get(deck).put(user, role);
    }

    @Override
    public synchronized Optional<DeckRole> role(DeckId deck, UserId user) {
        return Optional.ofNullable(members.getOrDefault(deck, Map.of()).get(user));
    }

    @Override
    public synchronized List<DeckMembership> decksOf(UserId user) {
        return members.entrySet().stream()
                .filter(deck -> deck.getValue().containsKey(user))
                .map(deck -> new DeckMembership(decks.get(deck.getKey()), deck.getValue().get(user)))
                .sorted(Comparator.comparing(membership -> membership.deck().id().value()))
                .toList();
    }

    @Override
    public synchronized Map<Sha256, StoredMedia> findByAnnounced(Collection<Sha256> announced) {
        Map<Sha256, StoredMedia> found = new HashMap<>();
        for (Sha256 hash : announced) {
            StoredFile file = files.containsKey(hash) ? files.get(hash) : files.get(aliases.get(hash));
            if (file != null) {
                found.put(hash, file.media());
            }
        }
        return Collections.unmodifiableMap(found);
    }

    @Override
    public synchronized Set<Sha256> readableBy(UserId user, Collection<Sha256> stored) {
        Set<Sha256> readable = new HashSet<>();
        members.forEach((deck, roles) -> {
            if (roles.containsKey(user)) {
                mappingsOf(deck).values().forEach(mapping -> readable.add(mapping.file()));
            }
        });
        readable.retainAll(stored);
        return Collections.unmodifiableSet(readable);
    }

    @Override
    public synchronized long deckBytes(DeckId deck) {
        return mappingsOf(deck).values().stream()
                .map(Mapping::file)
                .distinct()
                .mapToLong(hash -> files.get(hash).media().size())
                .sum();
    }

    @Override
    public synchronized void saveTickets(Collection<UploadTicket> saved) {
        saved.forEach(ticket -> requireDeck(ticket.deck()));
        saved.forEach(ticket -> tickets.put(ticket.id(), ticket));
    }

    @Override
    public synchronized Optional<UploadTicket> ticket(UUID id) {
        return Optional.ofNullable(tickets.get(id));
    }

    @Override
    public synchronized boolean deleteTicket(UUID id) {
        return tickets.remove(id) != null;
    }

    @Override
    public synchronized List<UploadTicket> removeExpiredTickets(Instant now, int limit) {
        List<UploadTicket> expired = tickets.values().stream()
                .filter(ticket -> ticket.expiresAt().isBefore(now))
                .sorted(Comparator.comparing(UploadTicket::expiresAt))
                .limit(limit)
                .toList();
        expired.forEach(ticket -> tickets.remove(ticket.id()));
        return expired;
    }

    @Override
    public synchronized List<StoredMedia> recordUpload(UploadTicket ticket, StoredMedia stored, Instant now, Duration grace) {
        requireDeck(ticket.deck());
        if (tickets.remove(ticket.id()) == null) {
            throw new IllegalStateException("upload ticket " + ticket.id() + " is not in the catalog");
        }
        StoredFile existing = files.get(stored.sha256());
        files.put(stored.sha256(), existing == null
                ? new StoredFile(stored, now).withCount(0)
                : new StoredFile(existing.media(), now));
        if (!ticket.announced().equals(stored.sha256())) {
            aliases.putIfAbsent(ticket.announced(), stored.sha256());
        }
        return remap(ticket.deck(), ticket.name(), stored.sha256(), now, grace);
    }

    @Override
    public synchronized Optional<List<StoredMedia>> mapName(DeckId deck, MediaName name, Sha256 stored, Instant now,
            Duration grace) {
        requireDeck(deck);
        StoredFile file = files.get(stored);
        if (file == null) {
            return Optional.empty();
        }
        files.put(stored, new StoredFile(file.media(), now));
        return Optional.of(remap(deck, name, stored, now, grace));
    }

    /** Points a deck's name at a file; the name's references now count for it instead of the old file. */
    private List<StoredMedia> remap(DeckId deck, MediaName name, Sha256 target, Instant now, Duration grace) {
        Mapping old = mappings.get(deck).put(name, new Mapping(target, now));
        if (old == null || old.file().equals(target)) {
            recount(Set.of(target));
            return List.of();
        }
        recount(Set.of(target, old.file()));
        return deleteIfDead(Set.of(old.file()), now.minus(grace));
    }

    @Override
    public synchronized List<StoredMedia> setReferences(DeckId deck, ReferenceHolder holder, Set<MediaName> names,
            Instant now, Duration grace) {
        requireDeck(deck);
        return replaceReferences(deck, holder, names, now, grace);
    }

    @Override
    public synchronized List<StoredMedia> approve(DeckId deck, long suggestionId, long noteId, Instant now, Duration grace) {
        requireDeck(deck);
        Set<MediaName> names = referencesOf(deck, ReferenceHolder.suggestion(suggestionId));
        // The note gains the names before the suggestion loses them: no count passes through zero.
        List<StoredMedia> dead = new ArrayList<>(replaceReferences(deck, ReferenceHolder.note(noteId), names, now, grace));
        dead.addAll(replaceReferences(deck, ReferenceHolder.suggestion(suggestionId), Set.of(), now, grace));
        return dead;
    }

    private List<StoredMedia> replaceReferences(DeckId deck, ReferenceHolder holder, Set<MediaName> names, Instant now,
            Duration grace) {
        Set<MediaName> before = referencesOf(deck, holder);
        Set<Sha256> lost = filesMappedBy(deck, before.stream().filter(name -> !names.contains(name)).toList());
        Set<Sha256> touched = new HashSet<>(filesMappedBy(deck, names));
        touched.addAll(lost);
        Map<ReferenceHolder, Set<MediaName>> holders = references.get(deck);
        if (names.isEmpty()) {
            holders.remove(holder);
        } else {
            holders.put(holder, new HashSet<>(names));
        }
        recount(touched);
        return deleteIfDead(lost, now.minus(grace));
    }

    @Override
    public synchronized List<StoredMedia> removeName(DeckId deck, MediaName name, Instant now, Duration grace) {
        requireDeck(deck);
        Map<ReferenceHolder, Set<MediaName>> holders = references.get(deck);
        holders.values().forEach(names -> names.remove(name));
        holders.values().removeIf(Set::isEmpty);
        Mapping removed = mappings.get(deck).remove(name);
        if (removed == null) {
            return List.of();
        }
        recount(Set.of(removed.file()));
        return deleteIfDead(Set.of(removed.file()), now.minus(grace));
    }

    @Override
    public synchronized Optional<DeckMedia> find(DeckId deck, MediaName name) {
        return Optional.ofNullable(mappingsOf(deck).get(name)).map(mapping -> deckMedia(name, mapping));
    }

    @Override
    public synchronized List<DeckMedia> list(DeckId deck, MediaQuery query) {
        String contains = query.contains().toLowerCase(Locale.ROOT);
        Instant since = query.mappedSince().orElse(Instant.EPOCH);
        TreeMap<MediaName, Mapping> sorted = new TreeMap<>(NAME_ORDER);
        sorted.putAll(mappingsOf(deck));
        return sorted.entrySet().stream()
                .filter(entry -> query.after().map(after -> NAME_ORDER.compare(entry.getKey(), after) > 0).orElse(true))
                .filter(entry -> entry.getKey().value().toLowerCase(Locale.ROOT).contains(contains))
                .filter(entry -> !entry.getValue().mappedAt().isBefore(since))
                .limit(query.limit())
                .map(entry -> deckMedia(entry.getKey(), entry.getValue()))
                .toList();
    }

    @Override
    public synchronized Set<MediaName> references(DeckId deck, ReferenceHolder holder) {
        TreeSet<MediaName> sorted = new TreeSet<>(NAME_ORDER);
        sorted.addAll(referencesOf(deck, holder));
        return Collections.unmodifiableSet(sorted);
    }

    @Override
    public synchronized int repairCounts() {
        int wrong = 0;
        for (Sha256 hash : List.copyOf(files.keySet())) {
            if (recount(hash)) {
                wrong++;
            }
        }
        return wrong;
    }

    /** Sets a file's reference count, wrongly, for tests of {@link #repairCounts}. */
    public synchronized void corruptCount(Sha256 file, int count) {
        files.computeIfPresent(file, (hash, stored) -> stored.withCount(count));
    }

    @Override
    public synchronized List<StoredMedia> deleteUnreferenced(Instant cutoff, int limit) {
        List<Sha256> dead = files.values().stream()
                .filter(file -> isDead(file, cutoff))
                .sorted(Comparator.comparing(StoredFile::lastMappedAt))
                .limit(limit)
                .map(file -> file.media().sha256())
                .toList();
        return dead.stream().map(this::delete).toList();
    }

    @Override
    public synchronized Set<String> knownKeys(Collection<String> keys) {
        Set<String> known = new HashSet<>();
        files.values().forEach(file -> known.add(file.media().storageKey()));
        tickets.values().forEach(ticket -> known.add(ticket.stagingKey()));
        known.retainAll(keys);
        return Collections.unmodifiableSet(known);
    }

    private void requireDeck(DeckId deck) {
        if (!decks.containsKey(deck)) {
            throw new IllegalArgumentException("no shared deck " + deck.value());
        }
    }

    private Map<MediaName, Mapping> mappingsOf(DeckId deck) {
        return mappings.getOrDefault(deck, Map.of());
    }

    private Set<MediaName> referencesOf(DeckId deck, ReferenceHolder holder) {
        return Set.copyOf(references.getOrDefault(deck, Map.of()).getOrDefault(holder, Set.of()));
    }

    /** The files these names map to in the deck; names not mapped give nothing. */
    private Set<Sha256> filesMappedBy(DeckId deck, Collection<MediaName> names) {
        Set<Sha256> mapped = new HashSet<>();
        for (MediaName name : names) {
            Mapping mapping = mappingsOf(deck).get(name);
            if (mapping != null) {
                mapped.add(mapping.file());
            }
        }
        return mapped;
    }

    private void recount(Set<Sha256> hashes) {
        hashes.forEach(this::recount);
    }

    /** Sets the file's count to the references that resolve to it; true if it was wrong. */
    private boolean recount(Sha256 hash) {
        StoredFile file = files.get(hash);
        if (file == null) {
            return false;
        }
        int actual = 0;
        for (Map.Entry<DeckId, Map<MediaName, Mapping>> deck : mappings.entrySet()) {
            for (Set<MediaName> names : references.getOrDefault(deck.getKey(), Map.of()).values()) {
                for (MediaName name : names) {
                    Mapping mapping = deck.getValue().get(name);
                    if (mapping != null && mapping.file().equals(hash)) {
                        actual++;
                    }
                }
            }
        }
        files.put(hash, file.withCount(actual));
        return actual != file.media().referenceCount();
    }

    private static boolean isDead(StoredFile file, Instant cutoff) {
        return file.media().referenceCount() == 0 && file.lastMappedAt().isBefore(cutoff);
    }

    private List<StoredMedia> deleteIfDead(Set<Sha256> hashes, Instant cutoff) {
        return hashes.stream()
                .filter(hash -> files.containsKey(hash) && isDead(files.get(hash), cutoff))
                .map(this::delete)
                .toList();
    }

    /** Deletes a file with what depends on it: aliases to it and every deck's mapping of a name to it. */
    private StoredMedia delete(Sha256 hash) {
        StoredMedia deleted = files.remove(hash).media();
        aliases.values().removeIf(hash::equals);
        mappings.values().forEach(deck -> deck.values().removeIf(mapping -> mapping.file().equals(hash)));
        return deleted;
    }

    private DeckMedia deckMedia(MediaName name, Mapping mapping) {
        return new DeckMedia(name, files.get(mapping.file()).media(), mapping.mappedAt());
    }
}
