package dev.deckhand.adapter.sqlite;

import dev.deckhand.ports.in.ServerUsage;
import dev.deckhand.ports.in.StorageTotals;
import dev.deckhand.ports.in.UserUsage;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionFigures;
import dev.deckhand.ports.out.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * {@link ServerUsage} from the server database (accounts, host keys, media ledgers, move-ins) and
 * the collections on this server's disk ({@link CollectionFigures}).
 */
public final class SqliteServerUsage implements ServerUsage {

    /** Names of every user the server database knows of, whatever put them there. */
    private static final String KNOWN_USERS = "SELECT name FROM accounts UNION SELECT user_name FROM host_keys"
            + " UNION SELECT user_name FROM media_state UNION SELECT user_name FROM move_ins";

    private final Jdbi jdbi;
    private final CollectionFigures collections;
    private final Optional<Duration> maxHostKeyAge;
    private final Clock clock;

    /**
     * @param maxHostKeyAge how long a host key works after its login (empty: until revoked); older
     *     ones are not counted as devices
     */
    public SqliteServerUsage(ServerDatabase database, CollectionFigures collections, Optional<Duration> maxHostKeyAge,
            Clock clock) {
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
        this.collections = Objects.requireNonNull(collections, "collections");
        this.maxHostKeyAge = Objects.requireNonNull(maxHostKeyAge, "maxHostKeyAge");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<UserUsage> users() {
        Ledger ledger = read(this::ledger);
        return ledger.names().stream().map(name -> usage(new UserId(name), ledger)).toList();
    }

    @Override
    public Optional<UserUsage> user(UserId user) {
        Ledger ledger = read(this::ledger);
        return ledger.names().contains(user.name()) ? Optional.of(usage(user, ledger)) : Optional.empty();
    }

    @Override
    public StorageTotals totals() {
        CollectionFigures.Totals stored = collections.totals();
        return read(h -> {
            int users = h.createQuery("SELECT count() FROM (" + KNOWN_USERS + ")").mapTo(Integer.class).one();
            long[] referenced = h.createQuery("SELECT count(), coalesce(sum(size), 0) FROM media_files WHERE sha256 IS NOT NULL")
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
            long[] distinct = h.createQuery("SELECT count(), coalesce(sum(size), 0) FROM"
                            + " (SELECT max(size) AS size FROM media_files WHERE sha256 IS NOT NULL GROUP BY sha256)")
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
            return new StorageTotals(users, stored.collections(), stored.bytes(), referenced[0], referenced[1], distinct[0], distinct[1]);
        });
    }

    private UserUsage usage(UserId user, Ledger ledger) {
        Optional<CollectionFigures.StoredCollection> collection = collections.collection(user);
        Media media = ledger.media().getOrDefault(user.name(), Media.NONE);
        Optional<Instant> lastSync = UserUsage.lastSync(collection.flatMap(CollectionFigures.StoredCollection::lastSync),
                media.lastChange());
        return new UserUsage(user, collection.map(CollectionFigures.StoredCollection::bytes).orElse(0L),
                collection.map(CollectionFigures.StoredCollection::notes).orElse(OptionalLong.empty()),
                collection.map(CollectionFigures.StoredCollection::cards).orElse(OptionalLong.empty()),
                media.files(), media.bytes(), lastSync, ledger.devices().getOrDefault(user.name(), 0));
    }

    private record Media(long files, long bytes, Optional<Instant> lastChange) {
        static final Media NONE = new Media(0, 0, Optional.empty());
    }

    /** Everything per user the server database holds, read in one go so a table of all users is a few queries. */
    private record Ledger(TreeSet<String> names, Map<String, Media> media, Map<String, Integer> devices) {}

    private Ledger ledger(Handle h) {
        TreeSet<String> names = new TreeSet<>(h.createQuery(KNOWN_USERS).mapTo(String.class).list());
        Map<String, Media> media = new HashMap<>();
        h.createQuery("SELECT s.user_name, s.live_files, s.live_bytes, (SELECT max(mtime) FROM media_files f"
                        + " WHERE f.user_name = s.user_name) FROM media_state s")
                .map((rs, ctx) -> {
                    long newest = rs.getLong(4);
                    return Map.entry(rs.getString(1), new Media(rs.getLong(2), rs.getLong(3),
                            rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(newest))));
                })
                .forEach(entry -> media.put(entry.getKey(), entry.getValue()));
        long issuedSince = maxHostKeyAge.map(age -> clock.millis() - age.toMillis()).orElse(Long.MIN_VALUE);
        Map<String, Integer> devices = new HashMap<>();
        h.createQuery("SELECT user_name, count() FROM host_keys WHERE issued_at >= ? GROUP BY user_name")
                .bind(0, issuedSince)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(entry -> devices.put(entry.getKey(), entry.getValue()));
        return new Ledger(names, media, devices);
    }

    private <T> T read(Function<Handle, T> query) {
        try {
            return jdbi.withHandle(query::apply);
        } catch (JdbiException e) {
            throw new StorageException("cannot read the server's usage", e);
        }
    }
}
