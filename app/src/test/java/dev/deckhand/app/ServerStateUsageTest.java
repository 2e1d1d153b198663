package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.adapter.postgres.PostgresSettings;
import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.ports.in.ServerUsage;
import dev.deckhand.ports.in.UserUsage;
import dev.deckhand.ports.model.UserId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code user usage} (and the dashboard, which takes the same {@link ServerState#usage}) reads the
 * users, devices and media where the settings keep them, and the collections in the data folder.
 */
class ServerStateUsageTest {

    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");

    private static EmbeddedPostgres postgres;

    @TempDir Path data;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    private ServerConfig config(Optional<PostgresSettings> serverDatabase) {
        return new ServerConfig(data, "127.0.0.1", 0, 1, Duration.ofSeconds(2), List.of(), Optional.empty(),
                new SignInBackend.BuiltIn(), Optional.empty(), Optional.empty(), NetworkConfig.plain(),
                StorageConfig.defaults(), Optional.empty(), MetricsConfig.defaults(), serverDatabase, Optional.empty());
    }

    @Test
    void withThePostgresServerDatabase_usageListsItsAccounts_withTheirCollectionsFromTheDataFolder() throws IOException {
        DataFolder.prepareForServer(data);
        ServerConfig clustered = config(Optional.of(new PostgresSettings(postgres.getJdbcUrl("postgres", "postgres"),
                "postgres", "postgres", 2)));
        ServerConfig alone = config(Optional.empty());
        Deckhand.accountsOf(clustered).add(ALICE, RunningServer.CHEAP_HASH);
        Deckhand.accountsOf(alone).add(BOB, RunningServer.CHEAP_HASH);
        Path collection = new CollectionFiles(data).collection(ALICE);
        Files.createDirectories(collection.getParent());
        new EmptyCollectionFactory(Clock.systemUTC()).create(collection);

        List<UserUsage> inPostgres = Deckhand.readUsage(clustered, ServerUsage::users);
        List<UserUsage> inSqlite = Deckhand.readUsage(alone, ServerUsage::users);

        assertThat(inPostgres).extracting(UserUsage::user).containsExactly(ALICE);
        assertThat(inPostgres.get(0).collectionBytes()).isEqualTo(Files.size(collection));
        assertThat(inPostgres.get(0).notes()).isEqualTo(OptionalLong.of(0));
        assertThat(Deckhand.readUsage(clustered, ServerUsage::totals).collections()).isEqualTo(1);
        assertThat(inSqlite).extracting(UserUsage::user).containsExactly(BOB);
    }
}
