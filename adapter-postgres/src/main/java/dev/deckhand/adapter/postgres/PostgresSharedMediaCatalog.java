package dev.deckhand.adapter.postgres;

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
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.decks.SharedMediaCatalog;
import dev.deckhand.ports.out.decks.UploadTicket;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The shared-deck media catalog in PostgreSQL (schema: {@code db/postgres/V1__shared_media.sql}).
 *
 * <p>Every change to a deck's mappings or references first locks that deck's row, so changes to one
 * deck are serialised and different decks run in parallel. Count updates touch files in hash order
 * and a transaction that still meets a deadlock or serialisation failure is retried, so concurrent
 * decks sharing files cannot wedge each other.
 */
public final class PostgresSharedMediaCatalog implements SharedMediaCatalog {

    private static final int ATTEMPTS = 5;
    private static final String STORED_COLUMNS = "s.hash, s.storage_key, s.size, s.content_type, s.reference_count";

    private final Jdbi jdbi;

    public PostgresSharedMediaCatalog(PostgresDatabase database) {
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
    }

    @Override
    public boolean createDeck(SharedDeck deck, UserId maintainer) {
        return transaction("create a deck", h -> {
            int created = h.createUpdate("INSERT INTO shared_decks (id, title, quota_bytes) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .bind(0, deck.id().value()).bind(1, deck.title()).bind(2, deck.quotaBytes())
                    .execute();
            if (created == 1) {
                upsertRole(h, deck.id(), maintainer, DeckRole.MAINTAINER);
            }
            return created == 1;
        });
    }

    @Override
    public Optional<SharedDeck> deck(DeckId id) {
        return read("read a deck", h -> h.createQuery("SELECT id, title, quota_bytes FROM shared_decks WHERE id = ?")
                .bind(0, id.value())
                .map((rs, ctx) -> new SharedDeck(new DeckId(rs.getString(1)), rs.getString(2), rs.getLong(3)))
                .findOne());
    }

    @Override
    public void setRole(DeckId deck, UserId user, DeckRole role) {
        transaction("set a role", h -> {
            upsertRole(h, deck, user, role);
            return null;
        });
    }

    private static void upsertRole(Handle h, DeckId deck, UserId user, DeckRole role) {
        h.createUpdate("INSERT INTO deck_members (deck_id, user_name, role) VALUES (?, ?, ?) "
                        + "ON CONFLICT (deck_id, user_name) DO UPDATE SET role = EXCLUDED.role")
                .bind(0, deck.value()).bind(1, user.name()).bind(2, role.name())
                .execute();
    }

    @Override
    public Optional<DeckRole> role(DeckId deck, UserId user) {
        return read("read a role", h -> h.createQuery("SELECT role FROM deck_members WHERE deck_id = ? AND user_name = ?")
                .bind(0, deck.value()).bind(1, user.name())
                .mapTo(String.class)
                .findOne()
                .map(DeckRole::valueOf));
    }

    @Override
    public List<DeckMembership> decksOf(UserId user) {
        return read("list a user's decks", h -> List.copyOf(h.createQuery("SELECT d.id, d.title, d.quota_bytes, m.role "
                        + "FROM deck_members m JOIN shared_decks d ON d.id = m.deck_id "
                        + "WHERE m.user_name = ? ORDER BY d.id COLLATE \"C\"")
                .bind(0, user.name())
                .map((rs, ctx) -> new DeckMembership(new SharedDeck(new DeckId(rs.getString(1)), rs.getString(2), rs.getLong(3)),
                        DeckRole.valueOf(rs.getString(4))))
                .list()));
    }

    @Override
    public Map<Sha256, StoredMedia> findByAnnounced(Collection<Sha256> announced) {
        if (announced.isEmpty()) {
            return Map.of();
        }
        List<String> hashes = announced.stream().map(Sha256::hex).distinct().toList();
        return read("look up announced files", h -> {
            Map<Sha256, StoredMedia> found = new HashMap<>();
            h.createQuery("SELECT s.hash AS announced, " + STORED_COLUMNS + " FROM stored_media_files s WHERE s.hash = ANY(:hashes) "
                            + "UNION ALL SELECT a.announced_hash, " + STORED_COLUMNS + " FROM media_aliases a "
                            + "JOIN stored_media_files s ON s.hash = a.stored_hash WHERE a.announced_hash = ANY(:hashes)")
                    .bindArray("hashes", String.class, hashes)
                    .map((rs, ctx) -> Map.entry(new Sha256(rs.getString(1)), stored(rs, 2)))
                    .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
            return found;
        });
    }

    @Override
    public Set<Sha256> readableBy(UserId user, Collection<Sha256> stored) {
        if (stored.isEmpty()) {
            return Set.of();
        }
        List<String> hashes = stored.stream().map(Sha256::hex).distinct().toList();
        return read("look up readable files", h -> h.createQuery("SELECT DISTINCT m.hash FROM deck_media m"
                        + " JOIN deck_members d ON d.deck_id = m.deck_id WHERE d.user_name = :user AND m.hash = ANY(:hashes)")
                .bind("user", user.name())
                .bindArray("hashes", String.class, hashes)
                .map((rs, ctx) -> new Sha256(rs.getString(1)))
                .collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public long deckBytes(DeckId deck) {
        return read("sum a deck's media", h -> h.createQuery("SELECT COALESCE(SUM(size), 0) FROM stored_media_files "
                        + "WHERE hash IN (SELECT hash FROM deck_media WHERE deck_id = ?)")
                .bind(0, deck.value())
                .mapTo(Long.class)
                .one());
    }

    @Override
    public void saveTickets(Collection<UploadTicket> tickets) {
        if (tickets.isEmpty()) {
            return;
        }
        transaction("save upload tickets", h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO upload_tickets "
                    + "(id, deck_id, user_name, filename, announced_hash, size, staging_key, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            for (UploadTicket t : tickets) {
                batch.bind(0, t.id()).bind(1, t.deck().value()).bind(2, t.user().name()).bind(3, t.name().value())
                        .bind(4, t.announced().hex()).bind(5, t.size()).bind(6, t.stagingKey()).bind(7, at(t.expiresAt()))
                        .add();
            }
            batch.execute();
            return null;
        });
    }

    @Override
    public Optional<UploadTicket> ticket(UUID id) {
        return read("read an upload ticket", h -> h.createQuery("SELECT * FROM upload_tickets WHERE id = ?")
                .bind(0, id)
                .map((rs, ctx) -> ticket(rs))
                .findOne());
    }

    @Override
    public boolean deleteTicket(UUID id) {
        return transaction("delete an upload ticket",
                h -> h.createUpdate("DELETE FROM upload_tickets WHERE id = ?").bind(0, id).execute() == 1);
    }

    @Override
    public List<UploadTicket> removeExpiredTickets(Instant now, int limit) {
        return transaction("remove expired tickets", h -> h.createQuery("DELETE FROM upload_tickets WHERE id IN "
                        + "(SELECT id FROM upload_tickets WHERE expires_at < ? ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED) "
                        + "RETURNING *")
                .bind(0, at(now)).bind(1, limit)
                .map((rs, ctx) -> ticket(rs))
                .list());
    }

    @Override
    public List<StoredMedia> recordUpload(UploadTicket ticket, StoredMedia stored, Instant now, Duration grace) {
        return transaction("record an upload", h -> {
            lockDeck(h, ticket.deck());
            if (h.createUpdate("DELETE FROM upload_tickets WHERE id = ?").bind(0, ticket.id()).execute() != 1) {
                throw new IllegalStateException("upload ticket " + ticket.id() + " is not in the catalog");
            }
            h.createUpdate("INSERT INTO stored_media_files (hash, storage_key, size, content_type, last_mapped_at, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO UPDATE SET last_mapped_at = EXCLUDED.last_mapped_at")
                    .bind(0, stored.sha256().hex()).bind(1, stored.storageKey()).bind(2, stored.size())
                    .bind(3, stored.kind().contentType()).bind(4, at(now)).bind(5, at(now))
                    .execute();
            if (!ticket.announced().equals(stored.sha256())) {
                h.createUpdate("INSERT INTO media_aliases (announced_hash, stored_hash) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .bind(0, ticket.announced().hex()).bind(1, stored.sha256().hex())
                        .execute();
            }
            return remap(h, ticket.deck(), ticket.name(), stored.sha256(), now, grace);
        });
    }

    @Override
    public Optional<List<StoredMedia>> mapName(DeckId deck, MediaName name, Sha256 stored, Instant now, Duration grace) {
        return transaction("map a name", h -> {
            lockDeck(h, deck);
            // Touching the file first locks it against a concurrent deletion, which re-checks it.
            int present = h.createUpdate("UPDATE stored_media_files SET last_mapped_at = ? WHERE hash = ?")
                    .bind(0, at(now)).bind(1, stored.hex())
                    .execute();
            return present == 1 ? Optional.of(remap(h, deck, name, stored, now, grace)) : Optional.empty();
        });
    }

    /** Points a deck's name at a file, moving the name's references from the old file to the new. */
    private static List<StoredMedia> remap(Handle h, DeckId deck, MediaName name, Sha256 target, Instant now, Duration grace) {
        Optional<String> old = h.createQuery("SELECT hash FROM deck_media WHERE deck_id = ? AND filename = ?")
                .bind(0, deck.value()).bind(1, name.value())
                .mapTo(String.class)
                .findOne();
        h.createUpdate("INSERT INTO deck_media (deck_id, filename, hash, mapped_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (deck_id, filename) DO UPDATE SET hash = EXCLUDED.hash, mapped_at = EXCLUDED.mapped_at")
                .bind(0, deck.value()).bind(1, name.value()).bind(2, target.hex()).bind(3, at(now))
                .execute();
        if (old.isPresent() && old.get().equals(target.hex())) {
            return List.of();
        }
        int references = h.createQuery("SELECT count(*) FROM media_references WHERE deck_id = ? AND filename = ?")
                .bind(0, deck.value()).bind(1, name.value())
                .mapTo(Integer.class)
                .one();
        Map<String, Integer> deltas = new TreeMap<>();
        deltas.merge(target.hex(), references, Integer::sum);
        old.ifPresent(hash -> deltas.merge(hash, -references, Integer::sum));
        applyDeltas(h, deltas);
        return old.isPresent() ? deleteIfDead(h, Set.of(old.get()), now.minus(grace)) : List.of();
    }

    @Override
    public List<StoredMedia> setReferences(DeckId deck, ReferenceHolder holder, Set<MediaName> names, Instant now,
            Duration grace) {
        return transaction("set references", h -> {
            lockDeck(h, deck);
            return replaceReferences(h, deck, holder, names, now, grace);
        });
    }

    @Override
    public List<StoredMedia> approve(DeckId deck, long suggestionId, long noteId, Instant now, Duration grace) {
        return transaction("approve a suggestion", h -> {
            lockDeck(h, deck);
            Set<MediaName> names = references(h, deck, ReferenceHolder.suggestion(suggestionId));
            // The note gains the names before the suggestion loses them: no count passes through zero.
            List<StoredMedia> dead = new ArrayList<>(
                    replaceReferences(h, deck, ReferenceHolder.note(noteId), names, now, grace));
            dead.addAll(replaceReferences(h, deck, ReferenceHolder.suggestion(suggestionId), Set.of(), now, grace));
            return dead;
        });
    }

    private static List<StoredMedia> replaceReferences(Handle h, DeckId deck, ReferenceHolder holder, Set<MediaName> names,
            Instant now, Duration grace) {
        Set<String> wanted = new LinkedHashSet<>();
        names.forEach(name -> wanted.add(name.value()));
        Set<String> current = new HashSet<>();
        references(h, deck, holder).forEach(name -> current.add(name.value()));
        List<String> removed = current.stream().filter(name -> !wanted.contains(name)).toList();
        List<String> added = wanted.stream().filter(name -> !current.contains(name)).toList();
        if (!removed.isEmpty()) {
            h.createUpdate("DELETE FROM media_references WHERE deck_id = :deck AND holder_kind = :kind AND holder_id = :id "
                            + "AND filename = ANY(:names)")
                    .bind("deck", deck.value()).bind("kind", holder.kind().name()).bind("id", holder.id())
                    .bindArray("names", String.class, removed)
                    .execute();
        }
        if (!added.isEmpty()) {
            PreparedBatch batch = h.prepareBatch(
                    "INSERT INTO media_references (deck_id, holder_kind, holder_id, filename) VALUES (?, ?, ?, ?)");
            for (String name : added) {
                batch.bind(0, deck.value()).bind(1, holder.kind().name()).bind(2, holder.id()).bind(3, name).add();
            }
            batch.execute();
        }
        Map<String, Integer> deltas = new TreeMap<>();
        mappedHashes(h, deck, removed).forEach(hash -> deltas.merge(hash, -1, Integer::sum));
        mappedHashes(h, deck, added).forEach(hash -> deltas.merge(hash, 1, Integer::sum));
        applyDeltas(h, deltas);
        Set<String> lowered = new HashSet<>();
        deltas.forEach((hash, delta) -> {
            if (delta < 0) {
                lowered.add(hash);
            }
        });
        return deleteIfDead(h, lowered, now.minus(grace));
    }

    /** The file each of these names maps to in the deck, once per name (names not mapped give nothing). */
    private static List<String> mappedHashes(Handle h, DeckId deck, List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT hash FROM deck_media WHERE deck_id = :deck AND filename = ANY(:names)")
                .bind("deck", deck.value())
                .bindArray("names", String.class, names)
                .mapTo(String.class)
                .list();
    }

    /** Adds each delta to its file's count, in hash order so that concurrent transactions lock alike. */
    private static void applyDeltas(Handle h, Map<String, Integer> sortedDeltas) {
        PreparedBatch batch = h.prepareBatch("UPDATE stored_media_files SET reference_count = reference_count + ? WHERE hash = ?");
        int rows = 0;
        for (Map.Entry<String, Integer> delta : sortedDeltas.entrySet()) {
            if (delta.getValue() != 0) {
                batch.bind(0, delta.getValue()).bind(1, delta.getKey()).add();
                rows++;
            }
        }
        if (rows > 0) {
            batch.execute();
        }
    }

    /** Deletes those of the files that nothing references and no deck mapped since the cutoff. */
    private static List<StoredMedia> deleteIfDead(Handle h, Set<String> hashes, Instant cutoff) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        return h.createQuery("DELETE FROM stored_media_files s WHERE s.hash = ANY(:hashes) AND s.reference_count = 0 "
                        + "AND s.last_mapped_at < :cutoff RETURNING " + STORED_COLUMNS)
                .bindArray("hashes", String.class, List.copyOf(hashes))
                .bind("cutoff", at(cutoff))
                .map((rs, ctx) -> stored(rs, 1))
                .list();
    }

    @Override
    public List<StoredMedia> removeName(DeckId deck, MediaName name, Instant now, Duration grace) {
        return transaction("remove a name", h -> {
            lockDeck(h, deck);
            int references = h.createUpdate("DELETE FROM media_references WHERE deck_id = ? AND filename = ?")
                    .bind(0, deck.value()).bind(1, name.value())
                    .execute();
            Optional<String> hash = h.createQuery("DELETE FROM deck_media WHERE deck_id = ? AND filename = ? RETURNING hash")
                    .bind(0, deck.value()).bind(1, name.value())
                    .mapTo(String.class)
                    .findOne();
            if (hash.isEmpty()) {
                return List.of();
            }
            applyDeltas(h, new TreeMap<>(Map.of(hash.get(), -references)));
            return deleteIfDead(h, Set.of(hash.get()), now.minus(grace));
        });
    }

    @Override
    public Optional<DeckMedia> find(DeckId deck, MediaName name) {
        return read("find a deck's file", h -> h.createQuery("SELECT m.filename, m.mapped_at, " + STORED_COLUMNS
                        + " FROM deck_media m JOIN stored_media_files s ON s.hash = m.hash WHERE m.deck_id = ? AND m.filename = ?")
                .bind(0, deck.value()).bind(1, name.value())
                .map((rs, ctx) -> deckMedia(rs))
                .findOne());
    }

    @Override
    public List<DeckMedia> list(DeckId deck, MediaQuery query) {
        return read("list a deck's files", h -> h.createQuery("SELECT m.filename, m.mapped_at, " + STORED_COLUMNS
                        + " FROM deck_media m JOIN stored_media_files s ON s.hash = m.hash WHERE m.deck_id = :deck"
                        + " AND m.filename COLLATE \"C\" > :after AND strpos(lower(m.filename), lower(:contains)) > 0"
                        + " AND m.mapped_at >= :since ORDER BY m.filename COLLATE \"C\" LIMIT :limit")
                .bind("deck", deck.value())
                .bind("after", query.after().map(MediaName::value).orElse(""))
                .bind("contains", query.contains())
                .bind("since", at(query.mappedSince().orElse(Instant.EPOCH)))
                .bind("limit", query.limit())
                .map((rs, ctx) -> deckMedia(rs))
                .list());
    }

    @Override
    public Set<MediaName> references(DeckId deck, ReferenceHolder holder) {
        return read("read references", h -> references(h, deck, holder));
    }

    private static Set<MediaName> references(Handle h, DeckId deck, ReferenceHolder holder) {
        return new LinkedHashSet<>(h.createQuery(
                        "SELECT filename FROM media_references WHERE deck_id = ? AND holder_kind = ? AND holder_id = ? ORDER BY filename")
                .bind(0, deck.value()).bind(1, holder.kind().name()).bind(2, holder.id())
                .map((rs, ctx) -> new MediaName(rs.getString(1)))
                .list());
    }

    @Override
    public int repairCounts() {
        return transaction("repair reference counts", h -> {
            // Holds off reference and mapping changes (not reads) while the counts are recomputed.
            h.execute("LOCK TABLE deck_media, media_references IN SHARE MODE");
            return h.createUpdate("UPDATE stored_media_files s SET reference_count = actual.count FROM ("
                            + " SELECT f.hash, COUNT(r.filename)::int AS count FROM stored_media_files f"
                            + " LEFT JOIN deck_media m ON m.hash = f.hash"
                            + " LEFT JOIN media_references r ON r.deck_id = m.deck_id AND r.filename = m.filename"
                            + " GROUP BY f.hash) actual"
                            + " WHERE s.hash = actual.hash AND s.reference_count <> actual.count")
                    .execute();
        });
    }

    @Override
    public List<StoredMedia> deleteUnreferenced(Instant cutoff, int limit) {
        return transaction("delete unreferenced files", h -> h.createQuery("DELETE FROM stored_media_files s WHERE s.hash IN ("
                        + " SELECT hash FROM stored_media_files WHERE reference_count = 0 AND last_mapped_at < :cutoff"
                        + " ORDER BY last_mapped_at LIMIT :limit FOR UPDATE SKIP LOCKED)"
                        + " AND s.reference_count = 0 RETURNING " + STORED_COLUMNS)
                .bind("cutoff", at(cutoff))
                .bind("limit", limit)
                .map((rs, ctx) -> stored(rs, 1))
                .list());
    }

    @Override
    public Set<String> knownKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        List<String> asked = List.copyOf(keys);
        return read("look up object keys", h -> new HashSet<>(h.createQuery(
                        "SELECT storage_key FROM stored_media_files WHERE storage_key = ANY(:keys)"
                                + " UNION SELECT staging_key FROM upload_tickets WHERE staging_key = ANY(:keys)")
                .bindArray("keys", String.class, asked)
                .mapTo(String.class)
                .list()));
    }

    private static void lockDeck(Handle h, DeckId deck) {
        if (h.createQuery("SELECT id FROM shared_decks WHERE id = ? FOR UPDATE").bind(0, deck.value()).mapTo(String.class)
                .findOne().isEmpty()) {
            throw new IllegalArgumentException("no shared deck " + deck.value());
        }
    }

    private static StoredMedia stored(ResultSet rs, int first) throws SQLException {
        String contentType = rs.getString(first + 3);
        MediaKind kind = MediaKind.ofContentType(contentType)
                .orElseThrow(() -> new StorageException("unknown content type in the catalog: " + contentType));
        return new StoredMedia(new Sha256(rs.getString(first)), rs.getString(first + 1), rs.getLong(first + 2), kind,
                rs.getInt(first + 4));
    }

    private static DeckMedia deckMedia(ResultSet rs) throws SQLException {
        return new DeckMedia(new MediaName(rs.getString(1)), stored(rs, 3), instant(rs, 2));
    }

    private static UploadTicket ticket(ResultSet rs) throws SQLException {
        return new UploadTicket(rs.getObject("id", UUID.class), new DeckId(rs.getString("deck_id")),
                new UserId(rs.getString("user_name")), new MediaName(rs.getString("filename")),
                new Sha256(rs.getString("announced_hash")), rs.getLong("size"), rs.getString("staging_key"),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant());
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private <T> T read(String what, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw PostgresFailures.translate(what, e);
        }
    }

    /** Runs {@code work} in a transaction, again if PostgreSQL aborted it for a deadlock or serialisation conflict. */
    private <T> T transaction(String what, HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work);
            } catch (JdbiException e) {
                if (attempt < ATTEMPTS && retryable(e)) {
                    continue;
                }
                throw PostgresFailures.translate(what, e);
            }
        }
    }

    private static boolean retryable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
