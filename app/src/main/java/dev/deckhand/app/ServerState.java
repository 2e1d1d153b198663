package dev.deckhand.app;

import dev.deckhand.adapter.postgres.PostgresAccountStore;
import dev.deckhand.adapter.postgres.PostgresDatabase;
import dev.deckhand.adapter.postgres.PostgresHostKeyStore;
import dev.deckhand.adapter.postgres.PostgresMediaLedger;
import dev.deckhand.adapter.postgres.PostgresPlacements;
import dev.deckhand.adapter.postgres.PostgresServerUsage;
import dev.deckhand.adapter.postgres.PostgresSettings;
import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteAccountStore;
import dev.deckhand.adapter.sqlite.SqliteHostKeyStore;
import dev.deckhand.adapter.sqlite.SqliteMediaLedger;
import dev.deckhand.adapter.sqlite.SqliteServerUsage;
import dev.deckhand.adapter.sqlite.collection.SqliteCollectionFigures;
import dev.deckhand.ports.in.ServerUsage;
import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.CollectionFigures;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.MediaLedger;
import dev.deckhand.ports.out.PasswordHashing;
import dev.deckhand.ports.out.nodes.Placements;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the server keeps what is not a collection: built-in accounts, host keys and media ledgers,
 * in the data folder's {@code deckhand.sqlite} (the default) or, with
 * {@code DECKHAND_SERVER_DATABASE=postgres}, in PostgreSQL, where the nodes of a cluster also keep
 * their placements. {@code deckhand.sqlite} is opened either way: move-in records stay in it.
 *
 * @param accounts the built-in accounts
 * @param builtInSignIn checks their passwords (the same store)
 * @param local the data folder's own database
 * @param shared the PostgreSQL database, when the state is there
 */
record ServerState(AccountStore accounts, Authenticator builtInSignIn, HostKeyStore hostKeys, MediaLedger ledger,
        Optional<Placements> placements, ServerDatabase local, Optional<PostgresDatabase> shared) implements AutoCloseable {

    ServerState {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(builtInSignIn, "builtInSignIn");
        Objects.requireNonNull(hostKeys, "hostKeys");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(placements, "placements");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(shared, "shared");
    }

    /** Opens the state {@code postgres} names, or the data folder's when it is empty. */
    static ServerState open(Path dataFolder, Optional<PostgresSettings> postgres, PasswordHashing hashing, Clock clock,
            MeterRegistry metrics) {
        ServerDatabase local = Deckhand.openServerDatabase(dataFolder);
        if (postgres.isEmpty()) {
            SqliteAccountStore accounts = new SqliteAccountStore(local, clock, hashing);
            return new ServerState(accounts, accounts, new SqliteHostKeyStore(local), new SqliteMediaLedger(local),
                    Optional.empty(), local, Optional.empty());
        }
        PostgresDatabase shared;
        try {
            shared = PostgresDatabase.open(postgres.get(), BuildInfo.current().stamp(), metrics);
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        PostgresAccountStore accounts = new PostgresAccountStore(shared, clock, hashing);
        return new ServerState(accounts, accounts, new PostgresHostKeyStore(shared), new PostgresMediaLedger(shared),
                Optional.of(new PostgresPlacements(shared)), local, Optional.of(shared));
    }

    /**
     * What the server holds, for {@code user usage}, the dashboard and storage metrics: users, devices
     * and media from this state's database, collections from the files under {@code dataFolder} (in a
     * cluster, only this node's). Build it once: it keeps the counts of unchanged collections.
     *
     * @param maxHostKeyAge how long a host key works after its login; older ones are not counted as devices
     */
    ServerUsage usage(Path dataFolder, Optional<Duration> maxHostKeyAge, Clock clock) {
        CollectionFigures collections = new SqliteCollectionFigures(dataFolder);
        return shared.<ServerUsage>map(postgres -> new PostgresServerUsage(postgres, collections, maxHostKeyAge, clock))
                .orElseGet(() -> new SqliteServerUsage(local, collections, maxHostKeyAge, clock));
    }

    /** Runs {@code reading} against the state {@code config} names, and closes it. */
    static <T> T with(ServerConfig config, Path dataFolder, PasswordHashing hashing, Function<ServerState, T> reading) {
        try (ServerState state = open(dataFolder, config.serverDatabase(), hashing, Clock.systemUTC(),
                new CompositeMeterRegistry())) {
            return reading.apply(state);
        }
    }

    @Override
    public void close() {
        shared.ifPresent(PostgresDatabase::close);
        local.close();
    }
}
